/** Hash lists for the case: a Project VIC VICS 2.0 hash set and an HMA `pdq <hex>` list of known images, and an ignore list. */
import type { Rng } from './prng.js';
import type { ImageFile } from './model.js';

/** One written list, for truth.json and for `vigie hashlist add`. */
export interface HashListInfo {
  path: string;
  name: string;
  format: 'vics' | 'hma';
  role: 'alert' | 'ignore';
  entries: number;
  /** Listed files that appear in the exports (the other entries are decoys or files absent from the case). */
  inCase: number;
}

const DATE = '2026-06-01T08:00:00.000Z';

/**
 * Build the three lists from every rendered file (they come from outside the case: a listed original may never
 * appear in the exports, only its copies); `shown` holds the file indexes the exports contain.
 */
export function buildHashLists(
  rng: Rng,
  files: readonly ImageFile[],
  shown: ReadonlySet<number>,
): { docs: Map<string, string>; lists: HashListInfo[] } {
  const docs = new Map<string, string>();
  const known = files.filter((f) => f.cls === 'known' && (f.variant === 'original' || rng.chance(0.2)));
  const decoys = Math.max(10, known.length * 2);
  const media: Record<string, unknown>[] = [];
  let id = 1;
  const entries: Array<{ md5: string; sha1: string; sha256: string; size: number; series: string }> =
    known.map((f) => ({
      md5: f.rendered!.md5,
      sha1: f.rendered!.sha1,
      sha256: f.rendered!.sha256,
      size: f.rendered!.size,
      series: `SYNTHETIC-SERIES-${String(f.cluster % 40).padStart(2, '0')}`,
    }));
  for (let k = 0; k < decoys; k++)
    entries.push({
      md5: rng.hex(16),
      sha1: rng.hex(20),
      sha256: rng.hex(32),
      size: rng.int(40_000, 400_000),
      series: `SYNTHETIC-SERIES-${String(rng.int(40, 99))}`,
    });
  rng.shuffle(entries);
  for (const e of entries) {
    media.push({
      MediaID: id++,
      Category: rng.pick([1, 1, 2, 3]),
      MD5: e.md5.toUpperCase(),
      SHA1: e.sha1.toUpperCase(),
      MediaSize: e.size,
      DateUpdated: DATE,
      IsPrecategorized: 'false',
      Series: e.series,
      Tags: 'synthetic',
      AlternativeHashes: [{ HashName: 'SHA256', HashValue: e.sha256.toUpperCase() }],
    });
  }
  docs.set(
    'hashlists/known-vics.json',
    JSON.stringify(
      {
        '@odata.context':
          'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media',
        value: media,
      },
      null,
      2,
    ) + '\n',
  );
  const pdqFiles = files.filter((f) => f.cls === 'known' && f.pdq);
  const pdqKnown = pdqFiles.map((f) => f.pdq!);
  const pdqLines = [...pdqKnown];
  for (let k = 0; k < Math.max(10, pdqKnown.length * 2); k++) pdqLines.push(rng.hex(32));
  rng.shuffle(pdqLines);
  docs.set('hashlists/known-pdq.txt', pdqLines.map((h) => `pdq ${h}`).join('\n') + '\n');
  const ignored = files.filter((f) => f.cls === 'ignored' && f.variant === 'original');
  const ignoreLines = [
    ...ignored.map((f) => `sha256 ${f.rendered!.sha256}`),
    ...ignored.filter((f) => f.pdq).map((f) => `pdq ${f.pdq!}`),
  ];
  // A very small case may draw no ignored file: then no ignore list (an empty file is no hash list).
  if (ignoreLines.length) docs.set('hashlists/ignore.txt', ignoreLines.join('\n') + '\n');
  const lists: HashListInfo[] = [
    {
      path: 'hashlists/known-vics.json',
      name: 'known-vics',
      format: 'vics',
      role: 'alert',
      entries: media.length,
      inCase: known.filter((f) => shown.has(f.idx)).length,
    },
    {
      path: 'hashlists/known-pdq.txt',
      name: 'known-pdq',
      format: 'hma',
      role: 'alert',
      entries: pdqLines.length,
      inCase: pdqFiles.filter((f) => shown.has(f.idx)).length,
    },
    {
      path: 'hashlists/ignore.txt',
      name: 'ignore',
      format: 'hma',
      role: 'ignore',
      entries: ignoreLines.length,
      inCase: ignored.filter((f) => shown.has(f.idx)).length,
    },
  ];
  return { docs, lists: lists.filter((l) => docs.has(l.path)) };
}
