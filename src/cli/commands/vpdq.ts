import type { Command } from 'commander';
import {
  formatVpdqComparison,
  formatVpdqFile,
  isVpdqSize,
  vpdqFiles,
  type VpdqSize,
} from '../../app/vpdq-files.js';
import { log, present, runCommand, usage, type GlobalOptions } from '../output.js';

interface VpdqFlags {
  secondsPerHash?: string;
  everyFrame?: boolean;
  size?: string;
  prune?: string;
  compare?: boolean;
  queryPercent?: string;
  comparePercent?: string;
}

function num(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max)
    usage(`${name} must be a number from ${min} to ${max}, not '${v}'`);
  return n;
}

/** `vigie vpdq FILE...`: print the reference's `frame,quality,hex,timestamp` lines per video (no case needed). */
export function registerVpdq(program: Command): void {
  program
    .command('vpdq')
    .description("vPDQ-hash videos: 'frameNumber,quality,pdqHex,timestampSeconds' lines like Meta's vpdq")
    .argument('<files...>', 'video files (or .txt/.json vPDQ hash files with --compare)')
    .option('--seconds-per-hash <s>', 'seconds between hashed frames (default 1; 0 = every frame)')
    .option('--every-frame', 'hash every frame (same as --seconds-per-hash 0)')
    .option('--size <size>', 'native (default) or 128 (frames scaled to 128x128 first)')
    .option('--prune <bits>', 'drop frames within this distance of the previous kept frame')
    .option('--compare', 'compare the first file with each other one (vPDQ match and segments)')
    .option('--query-percent <p>', "share of the first file's frames that must match (default 80)")
    .option('--compare-percent <p>', "share of the other file's frames that must match (default 80)")
    .action((files: string[], o: VpdqFlags, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        if (o.size !== undefined && !isVpdqSize(o.size))
          usage(`--size must be 'native' or '128', not '${o.size}'`);
        const secondsPerHash = o.everyFrame ? 0 : num('--seconds-per-hash', o.secondsPerHash, 0, 3600);
        const pruneDistance = num('--prune', o.prune, 0, 256);
        const queryPercent = num('--query-percent', o.queryPercent, 0, 100);
        const comparePercent = num('--compare-percent', o.comparePercent, 0, 100);
        const r = await vpdqFiles(
          {},
          {
            files,
            ...(secondsPerHash === undefined ? {} : { secondsPerHash }),
            ...(pruneDistance === undefined ? {} : { pruneDistance }),
            size: (o.size ?? 'native') as VpdqSize,
            compare: o.compare ?? false,
            match: {
              ...(queryPercent === undefined ? {} : { queryPercent }),
              ...(comparePercent === undefined ? {} : { comparePercent }),
            },
          },
        );
        present(g, r, () =>
          o.compare
            ? r.comparisons.map(formatVpdqComparison).join('\n')
            : r.files.map((f) => formatVpdqFile(f, files.length > 1)).join('\n'),
        );
        for (const i of r.issues) log(`${i.code}: ${i.message}`);
        return r.issues.length ? 3 : 0;
      }),
    );
}
