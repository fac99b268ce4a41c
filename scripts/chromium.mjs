// Debian's Chromium and its offline-minded launch flags: one list for the browser tests (test/helpers/browser.ts)
// and the screenshot script (scripts/screenshots.mjs).

/** Debian's Chromium (`.ci/run` installs it with apt; $VIGIE_CHROMIUM overrides); never a downloaded browser. */
export const CHROMIUM = process.env.VIGIE_CHROMIUM ?? '/usr/bin/chromium';

/** Launch flags: no sandbox (containers), no GPU, and nothing that reaches the network on its own. */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);
