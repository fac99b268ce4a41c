import { SaxesParser } from 'saxes';
import { categoryProblem, ncmecRecordSchema, schemaProblem } from './schemas.js';
import {
  invalid,
  normaliseHex,
  type HashListEntry,
  type HashListFormat,
  type ParseOptions,
  oneByOne,
} from './types.js';

/** NCMEC fingerprint element → Vigie signal type (others such as pdna, netclean are counted and skipped). */
const FINGERPRINTS: Readonly<Record<string, string>> = {
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  pdq: 'pdq',
};

interface Record_ {
  kind: 'image' | 'video';
  line: number;
  id: string | null;
  member: string | null;
  timestamp: string | null;
  classification: string | null;
  fingerprints: [string, string][];
}

/** NCMEC hash-sharing API v2 XML (`<queryResult>` with `<image>`/`<video>` records), streamed with saxes. */
export const ncmecFormat: HashListFormat = {
  name: 'ncmec',
  description: 'NCMEC hash-sharing v2 XML (queryResult → images/videos); md5, sha1, pdq fingerprints',
  sniff(head) {
    return (
      /^\s*(?:\uFEFF)?\s*(?:<\?xml[^>]*\?>\s*)?<(?:\w+:)?queryResult\b/.test(head) ||
      head.includes('hashsharing.ncmec.org')
    );
  },
  parse: oneByOne(parseNcmec),
  parseBatches: parseNcmec,
};

function local(name: string): string {
  const i = name.indexOf(':');
  return i === -1 ? name : name.slice(i + 1);
}

async function* parseNcmec(
  chunks: AsyncIterable<Buffer>,
  opts: ParseOptions,
): AsyncIterable<readonly HashListEntry[]> {
  const parser = new SaxesParser({ position: true });
  const out: HashListEntry[] = [];
  const stack: string[] = [];
  const skipped: Record<string, number> = {};
  const deleted: string[] = [];
  let rec: Record_ | null = null;
  let text = '';
  let rootSeen = false;
  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    if (!rootSeen) {
      rootSeen = true;
      if (name !== 'queryResult')
        invalid(opts.fileName, `line ${parser.line}`, `root element <${name}> is not <queryResult>`);
    }
    const parent = stack[stack.length - 1];
    if ((name === 'image' && parent === 'images') || (name === 'video' && parent === 'videos')) {
      rec = {
        kind: name,
        line: parser.line,
        id: null,
        member: null,
        timestamp: null,
        classification: null,
        fingerprints: [],
      };
    }
    if (rec && name === 'member' && stack[stack.length - 1] === rec.kind) {
      const id = tag.attributes['id'];
      rec.member = typeof id === 'string' ? id : null;
    }
    stack.push(name);
    text = '';
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('cdata', (t) => {
    text += t;
  });
  parser.on('closetag', (tag) => {
    const name = local(tag.name);
    stack.pop();
    const parent = stack[stack.length - 1];
    const value = text.trim();
    text = '';
    if (parent === 'deletedImage' || parent === 'deletedVideo') {
      if (name === 'id') deleted.push(value);
      return;
    }
    if (!rec) return;
    if (parent === rec.kind) {
      if (name === 'id') rec.id = value;
      else if (name === 'timestamp') rec.timestamp = value;
      else if (name === 'classification') rec.classification = value;
    } else if (parent === 'fingerprints') {
      rec.fingerprints.push([name.toLowerCase(), value]);
    } else if (name === rec.kind) {
      emit(rec);
      rec = null;
    }
  });
  function emit(r: Record_): void {
    const problem = schemaProblem(ncmecRecordSchema, r);
    if (problem !== null) invalid(opts.fileName, `line ${r.line}`, `${r.kind} ${r.id ?? '?'}: ${problem}`);
    const bad = r.classification ? categoryProblem('NCMEC', r.classification) : null;
    if (bad !== null) invalid(opts.fileName, `line ${r.line}`, `${r.kind} ${r.id ?? '?'}: ${bad}`);
    for (const [fp, raw] of r.fingerprints) {
      const type = FINGERPRINTS[fp];
      if (type === undefined) {
        skipped[fp] = (skipped[fp] ?? 0) + 1;
        continue;
      }
      const value = normaliseHex(type, raw);
      if (value === null)
        invalid(
          opts.fileName,
          `line ${r.line}`,
          `${r.kind} ${r.id ?? '?'}: not a ${fp} value: '${raw.slice(0, 80)}'`,
        );
      const extra: Record<string, unknown> = { kind: r.kind };
      if (r.member !== null) extra['member'] = r.member;
      if (r.timestamp !== null) extra['timestamp'] = r.timestamp;
      out.push({
        signalType: type,
        value,
        category: r.classification || null,
        scheme: r.classification ? 'NCMEC' : null,
        recordId: r.id,
        series: null,
        extra,
        line: r.line,
        position: `line ${r.line}`,
      });
    }
  }
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of chunks) {
      parser.write(decoder.decode(chunk, { stream: true }));
      if (out.length) yield out.splice(0);
    }
    parser.write(decoder.decode());
    parser.close();
  } catch (e) {
    if (e instanceof Error && e.name !== 'AppError') {
      invalid(
        opts.fileName,
        `line ${parser.line}, column ${parser.column}`,
        `malformed XML: ${e.message.replace(/^\d+:\d+: /, '')}`,
      );
    }
    throw e;
  }
  if (!rootSeen) invalid(opts.fileName, 'byte 0', 'no XML element found');
  if (out.length) yield out.splice(0);
  if (opts.meta) {
    if (Object.keys(skipped).length) opts.meta['skippedFingerprints'] = skipped;
    if (deleted.length) opts.meta['deletedIds'] = deleted.sort();
  }
}
