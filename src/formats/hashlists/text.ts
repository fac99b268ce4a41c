import {
  firstContentLine,
  invalid,
  lineBatches,
  typeByLength,
  hexSlice,
  type HashListEntry,
  type HashListFormat,
  type ParseOptions,
  oneByOne,
} from './types.js';

/** Plain text lists: one hash per line (`HEX` or `HEX,rest`), type by length, one type per file. */
export const textFormat: HashListFormat = {
  name: 'text',
  description: 'one hash per line; md5/sha1 by length, 64 hex digits need --signal-type sha256|pdq',
  sniff(head) {
    const first = firstContentLine(head, true);
    return first !== undefined && /^(?:hash=)?[0-9A-Fa-f]{32,64}(?:[,\t ].*)?$/.test(first.trim());
  },
  parse: oneByOne(parseText),
  parseBatches: parseText,
};

async function* parseText(
  chunks: AsyncIterable<Buffer>,
  opts: ParseOptions,
): AsyncIterable<readonly HashListEntry[]> {
  let listType: string | null = null;
  let firstLine = 0;
  for await (const batch of lineBatches(chunks, opts.fileName)) {
    const out: HashListEntry[] = [];
    for (const [raw, n] of batch) {
      const text =
        raw.length && raw.charCodeAt(0) > 32 && raw.charCodeAt(raw.length - 1) > 32 ? raw : raw.trim();
      if (text === '' || text.startsWith('#')) continue;
      const body = text.startsWith('hash=') ? 5 : 0;
      let sep = body;
      for (let c = text.charCodeAt(sep); sep < text.length && c !== 44 && c !== 9 && c !== 32;) {
        c = text.charCodeAt(++sep);
      }
      const value = hexSlice(text, body, sep);
      const type = value === null ? null : typeByLength(value, opts.signalType);
      if (type === null || value === null) {
        invalid(
          opts.fileName,
          `line ${n}`,
          `not a hash (expected 32, 40 or 64 hex digits): '${text.slice(0, 80)}'`,
        );
      }
      if (type === 'ambiguous') {
        invalid(
          opts.fileName,
          `line ${n}`,
          '64 hex digits may be sha256 or pdq: pass --signal-type sha256 or pdq',
        );
      }
      if (listType === null) {
        listType = type;
        firstLine = n;
      } else if (type !== listType) {
        invalid(
          opts.fileName,
          `line ${n}`,
          `${type} value in a list of ${listType} values (line ${firstLine}): mixed lists are refused`,
        );
      }
      out.push({
        signalType: type,
        value,
        category: null,
        scheme: null,
        recordId: null,
        series: null,
        extra: sep < text.length - 1 ? { rest: text.slice(sep + 1) } : null,
        line: n,
        position: `line ${n}`,
      });
    }
    if (out.length) yield out;
  }
}
