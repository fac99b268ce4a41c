import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { MATCH_STEPS, matchMedia } from '../../app/match-media.js';
import { progressFor } from '../progress.js';
import { present, runCommand, usage, type GlobalOptions } from '../output.js';

/** `vigie match [--max-distance 31] [--no-dihedral]`: recompute every match of media against the hash lists. */
export function registerMatch(program: Command): void {
  program
    .command('match')
    .description(
      'match media signals against every hash list (exact md5/sha1/sha256, PDQ near matches, vPDQ videos)',
    )
    .option('--max-distance <n>', 'largest PDQ Hamming distance counted as a match', '31')
    .option('--no-dihedral', 'do not match the 7 rotated/mirrored PDQ variants stored by `vigie hash`')
    .option('--vpdq-query-percent <p>', "vPDQ: share of the case video's frames that must match (default 80)")
    .option(
      '--vpdq-compare-percent <p>',
      "vPDQ: share of the list video's frames that must match (default 80)",
    )
    .action(
      (
        o: {
          maxDistance: string;
          dihedral: boolean;
          vpdqQueryPercent?: string;
          vpdqComparePercent?: string;
        },
        cmd: Command,
      ) =>
        runCommand(async () => {
          const g = cmd.optsWithGlobals<GlobalOptions>();
          const maxDistance = Number(o.maxDistance);
          if (!Number.isInteger(maxDistance)) usage(`--max-distance ${o.maxDistance}: expected an integer`);
          const vpdq = {
            queryPercent: percent(o.vpdqQueryPercent, '--vpdq-query-percent'),
            comparePercent: percent(o.vpdqComparePercent, '--vpdq-compare-percent'),
          };
          const progress = progressFor(g);
          return withCase(g, {}, async (ctx) => {
            const r = await matchMedia(ctx, {
              maxDistance,
              dihedral: o.dihedral,
              vpdq,
              onStep: (s) => progress.step('match', MATCH_STEPS, s),
            });
            progress.stop();
            present(g, r, () =>
              [
                `${r.exactMatches} exact and ${r.pdqMatches} PDQ matches (${r.pdqQueries} PDQ queries against ${r.pdqEntries} entries, distance ≤ ${r.maxDistance})`,
                r.dihedral
                  ? 'PDQ matched as is and rotated/mirrored (each match names its variant; --no-dihedral turns this off)'
                  : 'PDQ matched as is only (--no-dihedral)',
                `${r.vpdqVideoMatches} vPDQ video and ${r.vpdqFrameMatches} frame matches (${r.vpdqVideos} videos against ${r.vpdqEntries} vpdq entries)`,
                `media: ${r.knownMedia} known, ${r.ignoredMedia} ignored, ${r.newMedia} new, ${r.uncertainMedia} uncertain (PDQ quality < 50), ${r.unhashedMedia} unhashed`,
                ...(r.lowQuality ? [`${r.lowQuality} PDQ hashes below quality 50 not used`] : []),
                ...(r.dihedralMissing
                  ? [`${r.dihedralMissing} media have no stored dihedral variants (re-run 'npx vigie hash')`]
                  : []),
              ].join('\n'),
            );
          }).finally(() => progress.stop());
        }),
    );
}

function percent(v: string | undefined, name: string): number {
  if (v === undefined) return 80;
  const n = Number(v);
  if (!(Number.isFinite(n) && n >= 0 && n <= 100)) usage(`${name} ${v}: expected a percentage from 0 to 100`);
  return n;
}
