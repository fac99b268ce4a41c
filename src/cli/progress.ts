import cliProgress from 'cli-progress';
import { escapeTerminal, log, type GlobalOptions } from './output.js';

/** Progress of a command's long stages on stderr (issue 17). */
export interface Progress {
  /** True when bars are drawn (stderr is a terminal, no `--json`). */
  readonly active: boolean;
  /** `done` of `total` units of `stage` (null: not known in advance; the count alone is shown). */
  update(stage: string, done: number, total: number | null, unit?: string): void;
  /** Step `name` of a stage made of known steps (`steps`): the bar counts the steps reached. */
  step(stage: string, steps: readonly string[], name: string): void;
  /** Log a line to stderr (above the bars while they are drawn), terminal-escaped. */
  log(line: string): void;
  /** Stop drawing (every bar stays as it last was, the cursor comes back). Safe to call twice. */
  stop(): void;
}

/** The steps `vigie analyse` (and `run`, `demo`) announce through `onStage`, in order. */
export const ANALYSE_STEPS: readonly string[] = [
  'analyse',
  'load',
  'clusters',
  'provenance',
  'novelty',
  'production',
  'interactions',
  'profiles',
  'network',
  'write',
  'attribution',
  'triage',
];

/** The stages `vigie run` walks (src/app/stages.ts), in order. */
export const RUN_STEPS: readonly string[] = [
  'import',
  'returns',
  'hash',
  'hashlists',
  'match',
  'analyse',
  'attribution',
  'triage',
];

/** A progress that shows nothing (stderr not a terminal, or `--json`). */
const SILENT: Progress = {
  active: false,
  update: () => undefined,
  step: () => undefined,
  log: (line) => log(line),
  stop: () => undefined,
};

const KNOWN = '{stage} {bar} {percentage}% {value}/{total} {unit}';
const UNKNOWN = '{stage} {value} {unit}';

/** The width of the stage column, so that the bars of one command line up. */
const STAGE_WIDTH = 10;

/**
 * Progress bars (cli-progress) on stderr, one line per stage, only when stderr is a terminal and the command was not
 * asked for `--json`; otherwise nothing is written. Stdout never carries progress.
 */
export function progressFor(g: GlobalOptions, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (g.json || stream.isTTY !== true) return SILENT;
  const multi = new cliProgress.MultiBar(
    {
      stream,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      fps: 10,
      barsize: 24,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      autopadding: true,
      emptyOnZero: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, { bar: cliProgress.SingleBar; known: boolean }>();
  let stopped = false;
  const update: Progress['update'] = (stage, done, total, unit = '') => {
    if (stopped) return;
    const payload = { stage: stage.padEnd(STAGE_WIDTH), unit };
    const known = total !== null;
    let b = bars.get(stage);
    if (!b || b.known !== known) {
      if (b) multi.remove(b.bar);
      b = {
        bar: multi.create(total ?? 0, done, payload, { format: known ? KNOWN : UNKNOWN }),
        known,
      };
      bars.set(stage, b);
    }
    if (total !== null) b.bar.setTotal(total);
    b.bar.update(done, payload);
  };
  return {
    active: true,
    update,
    step: (stage, steps, name) => {
      const i = steps.indexOf(name);
      if (i >= 0) update(stage, i + 1, steps.length, name);
    },
    log: (line) => {
      if (stopped) log(line);
      else multi.log(escapeTerminal(line) + '\n');
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      multi.stop();
    },
  };
}
