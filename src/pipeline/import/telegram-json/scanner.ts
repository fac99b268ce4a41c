import { readSync } from 'node:fs';

/**
 * A fast byte scanner over a tdesktop result.json read with a file descriptor, in chunks (bounded memory).
 * Outside the message arrays it walks byte by byte and keeps the "envelope": the whole document with every
 * `messages` array emptied (chat headers, personal_information, contacts …). Inside a `messages` array it
 * finds each element by tracking only string state and depth (strings are skipped with indexOf), and yields
 * the element's exact text with its byte offset. It flags elements that need the slow tolerant parser:
 * `\x` escapes, integers of 16+ digits, or a repeated top-level key.
 */

/** An error in the byte structure, with the absolute byte offset. */
export class ScanError extends Error {
  constructor(
    message: string,
    readonly byteOffset: number,
    /** Set when the problem has its own code (not IMPORT_INVALID_JSON). */
    readonly code?: 'IMPORT_MESSAGES_NOT_LIST' | 'INPUT_TOO_DEEP',
  ) {
    super(message);
  }
}

/** Deepest nesting accepted in an export (envelope and each message); deeper input is INPUT_TOO_DEEP. */
export const MAX_EXPORT_DEPTH = 256;

/** What the scanner yields. */
export type ScanEvent =
  | { readonly type: 'chat-start'; readonly origin: string; readonly header: string; readonly offset: number }
  | {
      readonly type: 'message';
      readonly text: string;
      readonly offset: number;
      /** Byte length of the element in the file. */
      readonly length: number;
      readonly slow: boolean;
    }
  | { readonly type: 'chat-end'; readonly origin: string };

const CHAT_PATHS = new Set(['$', '$.chats.list[]', '$.left_chats.list[]']);
const MESSAGE_PATHS = new Set(['$.messages', '$.chats.list[].messages', '$.left_chats.list[].messages']);

interface Frame {
  readonly obj: boolean;
  readonly path: string;
  key: string | null;
  expectKey: boolean;
  index: number;
  /** Envelope offset where this object starts, when it is a chat candidate. */
  chatStart: number;
  origin: string;
}

/** Growable byte buffer for the envelope. */
class Bytes {
  buf = Buffer.allocUnsafe(1 << 16);
  len = 0;
  push(src: Buffer, start: number, end: number): void {
    const n = end - start;
    if (n <= 0) return;
    if (this.len + n > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    src.copy(this.buf, this.len, start, end);
    this.len += n;
  }
  text(start = 0, end = this.len): string {
    return this.buf.toString('utf8', start, end);
  }
}

/** Scan a result.json; yields chats and messages, and returns the envelope text. */
export function* scanExport(fd: number, chunkSize = 1 << 22): Generator<ScanEvent, string> {
  let buf: Buffer = Buffer.alloc(0);
  let base = 0; // absolute offset of buf[0]
  let eof = false;
  const more = (keepFrom: number): boolean => {
    if (eof) return false;
    const chunk = Buffer.allocUnsafe(chunkSize);
    const n = readSync(fd, chunk, 0, chunkSize, base + buf.length);
    if (n === 0) {
      eof = true;
      return false;
    }
    base += keepFrom;
    buf =
      keepFrom >= buf.length
        ? chunk.subarray(0, n)
        : Buffer.concat([buf.subarray(keepFrom), chunk.subarray(0, n)]);
    return true;
  };

  const env = new Bytes();
  const stack: Frame[] = [];
  let pos = 0;
  let pending = 0; // start of envelope bytes not yet copied
  let inString = false;
  let escape = false;
  let keyStart = -1; // envelope offset where the current key string started, -1 when not in a key
  let keyEnvFrom = 0;
  let rootDone = false;
  let started = false;

  const flush = (upTo: number): void => {
    env.push(buf, pending, upTo);
    pending = upTo;
  };

  for (;;) {
    if (pos >= buf.length) {
      flush(buf.length);
      if (!more(buf.length)) break;
      pos = 0;
      pending = 0;
    }
    const c = buf[pos]!;
    if (inString) {
      if (escape) escape = false;
      else if (c === 0x5c) escape = true;
      else if (c === 0x22) {
        inString = false;
        if (keyStart >= 0) {
          flush(pos + 1);
          const top = stack[stack.length - 1]!;
          top.key = decodeKey(env.text(keyStart, env.len));
          top.expectKey = false;
          keyEnvFrom = keyStart;
          keyStart = -1;
        }
      }
      pos++;
      continue;
    }
    if (rootDone) {
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09)
        throw new ScanError('unexpected data after the end of the JSON document', base + pos);
      pos++;
      continue;
    }
    const top = stack[stack.length - 1];
    switch (c) {
      case 0x22: {
        inString = true;
        if (top?.obj && top.expectKey) {
          flush(pos);
          keyStart = env.len;
        }
        break;
      }
      case 0x7b: // {
      case 0x5b: {
        // [
        started = true;
        const path = top ? (top.obj ? `${top.path}.${top.key ?? ''}` : `${top.path}[]`) : '$';
        const origin = top && !top.obj ? `${top.path.slice(2)}[${top.index}]` : 'root';
        if (top && !top.obj) top.index++;
        if (c === 0x5b && MESSAGE_PATHS.has(path) && top) {
          flush(pos);
          const header = env.text(top.chatStart, keyEnvFrom).replace(/,\s*$/, '') + '}';
          env.push(Buffer.from('[]'), 0, 2);
          yield { type: 'chat-start', origin: top.origin, header, offset: base + pos };
          // message mode
          let i = pos + 1;
          for (;;) {
            if (i >= buf.length) {
              if (!more(buf.length))
                throw new ScanError('unexpected end of input inside a messages array', base + buf.length);
              i = 0;
            }
            const d = buf[i]!;
            if (d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09 || d === 0x2c) {
              i++;
              continue;
            }
            if (d === 0x5d) break;
            if (d !== 0x7b) throw new ScanError('expected a message object', base + i);
            let end = scanMessage(buf, i);
            if (end === TOO_DEEP) throw tooDeep(base + i);
            while (end < 0) {
              const rel = i;
              if (!more(rel))
                throw new ScanError('unexpected end of input inside a message', base + buf.length);
              i = 0;
              end = scanMessage(buf, i);
              if (end === TOO_DEEP) throw tooDeep(base + i);
            }
            const text = buf.toString('utf8', i, end);
            yield {
              type: 'message',
              text,
              offset: base + i,
              length: end - i,
              slow: flagSlow || text.includes('\\x'),
            };
            i = end;
          }
          yield { type: 'chat-end', origin: top.origin };
          pos = i + 1;
          pending = pos;
          continue;
        }
        const obj = c === 0x7b;
        if (obj && top && MESSAGE_PATHS.has(path))
          throw new ScanError('"messages" is an object, not a list', base + pos, 'IMPORT_MESSAGES_NOT_LIST');
        if (stack.length >= MAX_EXPORT_DEPTH)
          throw new ScanError(`nested deeper than ${MAX_EXPORT_DEPTH} levels`, base + pos, 'INPUT_TOO_DEEP');
        stack.push({ obj, path, key: null, expectKey: obj, index: 0, chatStart: 0, origin });
        if (obj && CHAT_PATHS.has(path)) {
          flush(pos);
          stack[stack.length - 1]!.chatStart = env.len;
        }
        break;
      }
      case 0x7d:
      case 0x5d: {
        if (!top || top.obj !== (c === 0x7d))
          throw new ScanError(`unexpected '${String.fromCharCode(c)}'`, base + pos);
        stack.pop();
        if (stack.length === 0) rootDone = true;
        break;
      }
      case 0x2c:
        if (top?.obj) top.expectKey = true;
        break;
      default:
        if (
          !started &&
          c !== 0x20 &&
          c !== 0x0a &&
          c !== 0x0d &&
          c !== 0x09 &&
          c !== 0xef &&
          c !== 0xbb &&
          c !== 0xbf
        )
          throw new ScanError('the document is not a JSON object', base + pos);
    }
    pos++;
  }
  if (!rootDone) throw new ScanError('unexpected end of input', base + buf.length);
  return env.text();
}

let flagSlow = false;
const TOO_DEEP = -2;

function tooDeep(offset: number): ScanError {
  return new ScanError(`a message nested deeper than ${MAX_EXPORT_DEPTH} levels`, offset, 'INPUT_TOO_DEEP');
}

/** End (exclusive) of the object starting at `start`; -1 when the buffer ends first, TOO_DEEP past the limit. */
function scanMessage(b: Buffer, start: number): number {
  const lim = b.length;
  let depth = 0;
  let i = start;
  let digits = 0;
  let expectKey = false;
  let nkeys = 0;
  flagSlow = false;
  while (i < lim) {
    const c = b[i]!;
    if (c === 0x22) {
      let j = i + 1;
      let q: number;
      for (;;) {
        q = b.indexOf(0x22, j);
        if (q < 0) return -1;
        let k = q - 1;
        let n = 0;
        while (b[k] === 0x5c) {
          n++;
          k--;
        }
        if ((n & 1) === 0) break;
        j = q + 1;
      }
      if (expectKey && depth === 1) {
        let h = 2166136261;
        for (let x = i + 1; x < q; x++) h = Math.imul(h ^ b[x]!, 16777619);
        for (let x = 0; x < nkeys; x++) if (KEYS[x] === h) flagSlow = true;
        if (nkeys < KEYS.length) KEYS[nkeys++] = h;
        expectKey = false;
      }
      i = q + 1;
      digits = 0;
      continue;
    }
    if (c >= 0x30 && c <= 0x39) {
      if (++digits >= 16) flagSlow = true;
      i++;
      continue;
    }
    digits = 0;
    if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_EXPORT_DEPTH) return TOO_DEEP;
      if (depth === 1) expectKey = true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === 0x2c && depth === 1) expectKey = true;
    i++;
  }
  return -1;
}

const KEYS = new Int32Array(256);

function decodeKey(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted.slice(1, -1);
  }
}
