import { categoryProblem } from './schemas.js';
import {
  firstContentLine,
  invalid,
  lineBatches,
  normaliseHex,
  typeByLength,
  type HashListEntry,
  type HashListFormat,
  type ParseOptions,
  oneByOne,
} from './types.js';

/** HMA / ThreatExchange signal-type names → Vigie signal types (video_md5 is the MD5 of the file bytes). */
export const HMA_TYPES: Readonly<Record<string, string>> = {
  pdq: 'pdq',
  md5: 'md5',
  photo_md5: 'md5',
  video_md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  video_sha256: 'sha256',
  vpdq: 'vpdq',
};

const TYPED = /^([a-z_0-9]+)\s+(\S+)\s*$/;
const CSV = /^([0-9A-Fa-f]{32,64}),([^,]*),([^,]*)(?:,(.*))?$/;

/** ThreatExchange/HMA signal files: `<type> <hash>` lines, or the CSV `hash,indicator_id,added_on,tags`. */
export const hmaFormat: HashListFormat = {
  name: 'hma',
  description: 'ThreatExchange/HMA: "<signal_type> <hash>" lines or CSV hash,indicator_id,added_on,tags',
  sniff(head) {
    const first = firstContentLine(head, false);
    if (first === undefined) return false;
    const t = TYPED.exec(first.trim());
    return (t !== null && (t[1] === 'vpdq' || /^[0-9a-fA-F]+$/.test(t[2] ?? ''))) || CSV.test(first.trim());
  },
  parse: oneByOne(parseHma),
  parseBatches: parseHma,
};

/** Map TE tags (`vics_cat_2`, `category:1`) to a category; other tags are kept as tags. */
export function categoryFromTags(tags: string[]): { category: string | null; scheme: string | null } {
  for (const t of tags) {
    const m = /^vics_cat(?:egory)?_(\d{1,9})$/i.exec(t);
    if (m?.[1] !== undefined) return { category: m[1], scheme: 'VICS-tag' };
  }
  return { category: null, scheme: null };
}

async function* parseHma(
  chunks: AsyncIterable<Buffer>,
  opts: ParseOptions,
): AsyncIterable<readonly HashListEntry[]> {
  const skipped: Record<string, number> = {};
  let layout: 'typed' | 'csv' | null = null;
  for await (const batch of lineBatches(chunks, opts.fileName)) {
    const out: HashListEntry[] = [];
    for (const [raw, n] of batch) {
      const text = raw.trim();
      if (text === '' || text.startsWith('#')) continue;
      const position = `line ${n}`;
      const csv = CSV.exec(text);
      const typed = csv ? null : TYPED.exec(text);
      const here = csv ? 'csv' : typed ? 'typed' : null;
      if (here === null)
        invalid(
          opts.fileName,
          position,
          `neither "<signal_type> <hash>" nor "hash,indicator_id,added_on,tags": '${text.slice(0, 80)}'`,
        );
      if (layout === null) layout = here;
      else if (layout !== here)
        invalid(opts.fileName, position, `${here} line in a ${layout} file: mixed layouts are refused`);
      if (typed) {
        const teType = typed[1]!;
        const type = HMA_TYPES[teType];
        if (type === undefined) {
          skipped[teType] = (skipped[teType] ?? 0) + 1;
          continue;
        }
        const value = normaliseHex(type, typed[2]!);
        if (value === null)
          invalid(opts.fileName, position, `not a ${teType} value: '${typed[2]!.slice(0, 80)}'`);
        out.push({
          signalType: type,
          value,
          category: null,
          scheme: null,
          recordId: null,
          series: null,
          extra: teType === type ? null : { teType },
          line: n,
          position,
        });
      } else if (csv) {
        const hex = csv[1]!.toLowerCase();
        const byLen = typeByLength(hex, opts.signalType ?? 'pdq');
        if (byLen === null || byLen === 'ambiguous')
          invalid(opts.fileName, position, `not a hash: '${hex.slice(0, 80)}'`);
        const tags = (csv[4] ?? '').split(/[\s;|]+/).filter((t) => t !== '');
        const { category, scheme } = categoryFromTags(tags);
        const bad = category !== null && scheme !== null ? categoryProblem(scheme, category) : null;
        if (bad !== null) invalid(opts.fileName, position, bad);
        const extra: Record<string, unknown> = {};
        if (csv[3]) extra['addedOn'] = csv[3];
        if (tags.length) extra['tags'] = tags;
        out.push({
          signalType: byLen,
          value: hex,
          category,
          scheme,
          recordId: csv[2] || null,
          series: null,
          extra: Object.keys(extra).length ? extra : null,
          line: n,
          position,
        });
      }
    }
    if (out.length) yield out;
  }
  if (opts.meta && Object.keys(skipped).length) opts.meta['skippedSignalTypes'] = skipped;
}
