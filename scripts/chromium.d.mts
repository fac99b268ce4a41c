/** Debian's Chromium (`.ci/run` installs it with apt; $VIGIE_CHROMIUM overrides); never a downloaded browser. */
export declare const CHROMIUM: string;
/** Launch flags: no sandbox (containers), no GPU, and nothing that reaches the network on its own. */
export declare const CHROMIUM_ARGS: readonly string[];
