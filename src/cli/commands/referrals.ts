import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { listReferrals, type ReferralRecord } from '../../app/list-referrals.js';
import { runCommand, type GlobalOptions } from '../output.js';
import {
  displayZone,
  listingOptions,
  localTime,
  plural,
  presentListing,
  type Column,
  type ListingOptions,
} from '../table.js';

/** A referral's flags as words: `forced`, `+media`; empty when neither. */
const flags = (r: ReferralRecord): string =>
  [r.forced ? 'forced' : '', r.includeMedia ? '+media' : ''].filter(Boolean).join(' ');

/** The columns of `vigie referrals` (times in the display zone; CSV keeps them in UTC and every actor). */
function columns(zone: string): Column<ReferralRecord>[] {
  return [
    { name: 'sent', text: (r) => localTime(r.at, zone), csv: (r) => r.at },
    { name: 'country', text: (r) => r.country },
    { name: 'package', text: (r) => r.packageId },
    {
      name: 'actors',
      text: (r) =>
        r.actors.length > 3
          ? `${r.actors.slice(0, 3).join(', ')} +${r.actors.length - 3}`
          : r.actors.join(', '),
      csv: (r) => r.actors.join(' '),
    },
    { name: 'by', text: (r) => r.user },
    { name: 'flags', csv: flags, text: (r) => flags(r) || '-' },
    {
      name: 'tag manifest (sha256)',
      text: (r) => r.tagManifestSha256.slice(0, 12),
      csv: (r) => r.tagManifestSha256,
    },
  ];
}

/** `vigie referrals`: the referral packages the case recorded. */
export function registerReferrals(program: Command): void {
  listingOptions(
    program
      .command('referrals')
      .description(
        'list the referral packages sent: actors, country, SHA-256 of the tag manifest, who, when',
      ),
  ).action((o: ListingOptions, cmd: Command) =>
    runCommand(async () => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const zone = displayZone(o.tz);
      return withCase(g, { readonly: true }, async (ctx) => {
        const all = await listReferrals(ctx);
        presentListing(g, o, all, all, columns(zone), plural(all.length, 'referral'), 'no referrals');
      });
    }),
  );
}
