import { JsonScanError, JsonScanner, type JsonKind, type JsonPath } from './json-scan.js';
import { categoryProblem, schemaProblem, vicsMediaSchema } from './schemas.js';
import {
  invalid,
  tooDeep,
  normaliseHex,
  type HashListEntry,
  type HashListFormat,
  type ParseOptions,
  oneByOne,
} from './types.js';

/** VICS boolean flags kept with each entry (accepted as true/false, "true"/"false" in any case, 0/1). */
const FLAGS: Readonly<Record<string, string>> = {
  VictimIdentified: 'victimIdentified',
  OffenderIdentified: 'offenderIdentified',
  IsDistributed: 'isDistributed',
  IsSuspected: 'isSuspected',
  SelfGenerated: 'selfGenerated',
  IsPrecategorized: 'isPrecategorized',
};

/** Parse a VICS boolean; absent or unrecognised → undefined (absent is not false). */
export function vicsBool(v: unknown): boolean | undefined {
  if (v === true || v === 1) return true;
  if (v === false || v === 0) return false;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
  }
  return undefined;
}

/** Version and category scheme from the OData context IRI (2.0: profile segment; 1.x has none). */
export function vicsContext(iri: string): { version: string; scheme: string } {
  const v2 = /DataModels\/2\.0\.xml\/([A-Za-z]+)\//.exec(iri);
  if (v2?.[1]) return { version: '2.0', scheme: `VICS-${v2[1]}` };
  const v1 = /DataModels\/(1\.\d)\.xml/.exec(iri);
  if (v1?.[1]) return { version: v1[1], scheme: `VICS-${v1[1]}` };
  return { version: 'unknown', scheme: 'VICS-unknown' };
}

/** Project VIC VICS JSON (1.2, 1.3, 2.0): hash sets (`value[]` of Media) and case exports (`value[].Media[]`). */
export const vicsFormat: HashListFormat = {
  name: 'vics',
  description: 'Project VIC VICS JSON 1.2/1.3/2.0 (hash set or case export); MD5, SHA1, SHA256',
  sniff(head) {
    return /^\s*(?:\uFEFF)?\s*\{/.test(head) && /"(?:@odata\.context|odata\.metadata)"|ProjectVic/.test(head);
  },
  parse: oneByOne(parseVics),
  parseBatches: parseVics,
};

function capture(path: JsonPath): boolean {
  if (path[0] !== 'value') return path.length === 1;
  if (path.length === 2) return false;
  if (path.length === 3) return path[2] !== 'Media';
  return path.length === 4 && path[2] === 'Media';
}

function entriesOf(
  rec: Record<string, unknown>,
  byte: number,
  scheme: string,
  file: string,
): HashListEntry[] {
  const position = `byte ${byte}`;
  const id = rec['MediaID'];
  const recordId = id === undefined || id === null ? null : String(id);
  const label = `Media ${recordId?.slice(0, 40) ?? '(no MediaID)'}`;
  const problem = schemaProblem(vicsMediaSchema, rec);
  if (problem !== null) invalid(file, position, `${label}: ${problem}`);
  const hashes: [string, unknown][] = [
    ['md5', rec['MD5']],
    ['sha1', rec['SHA1']],
    ['sha256', rec['SHA256']],
  ];
  const alt = rec['AlternativeHashes'];
  if (Array.isArray(alt)) {
    for (const a of alt as Record<string, unknown>[]) {
      const name = String(a?.['HashName'] ?? '')
        .toLowerCase()
        .replace('-', '');
      if (['sha256', 'sha1', 'md5', 'vpdq'].includes(name)) hashes.push([name, a['HashValue']]);
    }
  }
  const cat = rec['Category'];
  const category = cat === null || cat === undefined || String(cat).trim() === '' ? null : String(cat).trim();
  const bad = category === null ? null : categoryProblem(scheme, category);
  if (bad !== null) invalid(file, position, `${label}: ${bad}`);
  const series = rec['Series'];
  const extra: Record<string, unknown> = {};
  for (const [k, name] of Object.entries(FLAGS)) {
    const b = vicsBool(rec[k]);
    if (b !== undefined) extra[name] = b;
  }
  if (typeof rec['MediaSize'] === 'number') extra['mediaSize'] = rec['MediaSize'];
  if (typeof rec['Tags'] === 'string' && rec['Tags'] !== '') extra['tags'] = rec['Tags'];
  if (typeof rec['DateUpdated'] === 'string') extra['updated'] = rec['DateUpdated'];
  const out: HashListEntry[] = [];
  const seen = new Set<string>();
  for (const [type, raw] of hashes) {
    if (raw === undefined || raw === null || raw === '') continue;
    const value = typeof raw === 'string' ? normaliseHex(type, raw) : null;
    if (value === null)
      invalid(
        file,
        position,
        `${label}: ${type.toUpperCase()} is not ${type} hex: '${String(raw).slice(0, 80)}'`,
      );
    if (seen.has(type + value)) continue;
    seen.add(type + value);
    out.push({
      signalType: type,
      value,
      category,
      scheme: category === null ? null : scheme,
      recordId,
      series:
        series === null || series === undefined || series === ''
          ? null
          : typeof series === 'string'
            ? series
            : JSON.stringify(series),
      extra: Object.keys(extra).length ? extra : null,
      line: null,
      position,
    });
  }
  if (out.length === 0) invalid(file, position, `${label}: no MD5, SHA1 or SHA256`);
  return out;
}

async function* parseVics(
  chunks: AsyncIterable<Buffer>,
  opts: ParseOptions,
): AsyncIterable<readonly HashListEntry[]> {
  const file = opts.fileName;
  let context: { version: string; scheme: string } | null = null;
  let records = 0;
  let cases = 0;
  let pending: Record<string, unknown> = {};
  let hasMedia = false;
  let sawValue = false;
  const out: HashListEntry[] = [];
  const scanner = new JsonScanner({
    capture,
    start(path, kind, byte) {
      if (path[0] !== 'value') return;
      if (path.length === 1) sawValue = true;
      const want = expectedKind(path);
      if (want !== null && kind !== want)
        invalid(file, `byte ${byte}`, `${pathText(path)} is ${article(kind)}, expected ${article(want)}`);
    },
    value(path, value, byte) {
      if (path.length === 1) {
        if (path[0] === '@odata.context' || path[0] === 'odata.metadata') {
          context = vicsContext(String(value));
          if (opts.meta) opts.meta['context'] = value;
        }
        return;
      }
      if (path.length === 3) {
        pending[path[2] as string] = value;
        return;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        invalid(file, `byte ${byte}`, 'a Media entry is not an object');
      records++;
      out.push(
        ...entriesOf(value as Record<string, unknown>, byte, (context ?? vicsContext('')).scheme, file),
      );
    },
    close(path, byte) {
      if (path.length === 2 && path[0] === 'value') {
        if (hasMedia || 'Media' in pending) cases++;
        else {
          records++;
          out.push(...entriesOf(pending, byte, (context ?? vicsContext('')).scheme, file));
        }
        pending = {};
        hasMedia = false;
      }
      if (path.length === 3 && path[2] === 'Media') hasMedia = true;
    },
  });
  try {
    for await (const chunk of chunks) {
      scanner.write(chunk);
      if (out.length) yield out.splice(0);
    }
    scanner.end();
  } catch (e) {
    if (e instanceof JsonScanError) (e.deep ? tooDeep : invalid)(file, `byte ${e.byte}`, e.message);
    throw e;
  }
  if (out.length) yield out.splice(0);
  if (context === null && records === 0)
    invalid(
      file,
      'byte 0',
      'not a VICS document (no @odata.context / odata.metadata and no value[] records)',
    );
  if (!sawValue) invalid(file, 'byte 0', 'no "value" list: a VICS document holds its Media in value[]');
  if (records === 0) invalid(file, 'byte 0', '"value" holds no Media record: an empty list is refused');
  if (opts.meta) {
    const ctx = context as { version: string; scheme: string } | null;
    opts.meta['vicsVersion'] = ctx?.version ?? 'unknown';
    opts.meta['scheme'] = ctx?.scheme ?? 'VICS-unknown';
    opts.meta['records'] = records;
    if (cases) opts.meta['cases'] = cases;
  }
}

/** The kind a VICS document must have at a path under `value` (null: anything). */
function expectedKind(path: JsonPath): JsonKind | null {
  if (path.length === 1) return 'array';
  if (path.length === 2) return 'object';
  if (path.length === 3 && path[2] === 'Media') return 'array';
  if (path.length === 4 && path[2] === 'Media') return 'object';
  return null;
}

function pathText(path: JsonPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function article(kind: JsonKind): string {
  return kind === 'object'
    ? 'an object'
    : kind === 'array'
      ? 'a list'
      : kind === 'string'
        ? 'a string'
        : 'a number, boolean or null';
}
