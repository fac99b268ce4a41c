import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { listReferrals } from '../../app/list-referrals.js';
import { present, runCommand, type GlobalOptions } from '../output.js';

/** `vigie referrals`: the referral packages the case recorded. */
export function registerReferrals(program: Command): void {
  program
    .command('referrals')
    .description('list the referral packages sent: actors, country, SHA-256 of the tag manifest, who, when')
    .action((_o: unknown, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        return withCase(g, { readonly: true }, async (ctx) => {
          const all = await listReferrals(ctx);
          present(g, all, () =>
            all.length
              ? all
                  .map(
                    (r) =>
                      `${r.at}  ${r.country}  ${r.packageId}  by ${r.user}  tagmanifest sha256 ${r.tagManifestSha256}${r.forced ? '  FORCED' : ''}${r.includeMedia ? '  +media' : ''}\n  ${r.actors.join(', ')}`,
                  )
                  .join('\n')
              : 'no referrals',
          );
        });
      }),
    );
}
