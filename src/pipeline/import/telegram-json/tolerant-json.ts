/**
 * A tolerant, lossless JSON parser for tdesktop's hand-written JSON (spec §2.1):
 * `\xHH` escapes inside strings become the character U+00HH (with a warning), integers outside the
 * safe range become `bigint`, duplicate keys are reported with every value (the last one wins in the
 * returned object, like JSON.parse), and an unquoted bare value (the 4.0.4–4.1.1 `custom_emoji`
 * bug) is read as a string with a warning. Anything else that is not JSON throws `JsonSyntaxError`.
 */

/** A JSON value where unsafe integers are bigint. */
export type LosslessValue =
  null | boolean | number | bigint | string | LosslessValue[] | { [key: string]: LosslessValue };

/** A repair or oddity found while parsing (offset in characters of the parsed text). */
export interface ParseWarning {
  readonly code: 'JSON_X_ESCAPE' | 'JSON_DUPLICATE_KEY' | 'JSON_UNQUOTED_VALUE';
  readonly offset: number;
  readonly message: string;
}

/** A duplicated key with every value, in order. */
export interface DuplicateKey {
  readonly path: string;
  readonly key: string;
  readonly values: LosslessValue[];
}

/** Syntax error with the character offset where parsing stopped. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Result of a tolerant parse. */
export interface TolerantResult {
  readonly value: LosslessValue;
  readonly warnings: ParseWarning[];
  readonly duplicates: DuplicateKey[];
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** Parse one JSON text tolerantly (see the module comment). */
export function parseTolerant(text: string): TolerantResult {
  const p = new Parser(text);
  p.ws();
  const value = p.value('$');
  p.ws();
  if (p.i < text.length) p.fail('unexpected data after the JSON value');
  return { value, warnings: p.warnings, duplicates: p.duplicates };
}

/** Deepest nesting the tolerant parser accepts (the scanner refuses deeper input first, with INPUT_TOO_DEEP). */
export const MAX_TOLERANT_DEPTH = 512;

class Parser {
  i = 0;
  depth = 0;
  readonly warnings: ParseWarning[] = [];
  readonly duplicates: DuplicateKey[] = [];
  constructor(readonly s: string) {}

  fail(what: string): never {
    if (this.i >= this.s.length) throw new JsonSyntaxError('unexpected end of input', this.i);
    throw new JsonSyntaxError(what, this.i);
  }

  ws(): void {
    while (this.i < this.s.length && WS.has(this.s.charCodeAt(this.i))) this.i++;
  }

  value(path: string): LosslessValue {
    const c = this.s[this.i];
    if (c === '{' || c === '[') {
      if (++this.depth > MAX_TOLERANT_DEPTH) this.fail(`nested deeper than ${MAX_TOLERANT_DEPTH} levels`);
      const v = c === '{' ? this.object(path) : this.array(path);
      this.depth--;
      return v;
    }
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    if (this.s.startsWith('true', this.i)) return ((this.i += 4), true);
    if (this.s.startsWith('false', this.i)) return ((this.i += 5), false);
    if (this.s.startsWith('null', this.i)) return ((this.i += 4), null);
    return this.bare();
  }

  /** An unquoted value up to the next `,` `}` `]` or line end (tdesktop 4.0.4–4.1.1 custom_emoji paths). */
  bare(): string {
    const start = this.i;
    while (this.i < this.s.length && !',}]\n\r'.includes(this.s[this.i]!)) this.i++;
    const v = this.s.slice(start, this.i).trim();
    if (!v || /^[{["]/.test(v)) {
      this.i = start;
      this.fail('unexpected character');
    }
    this.warnings.push({
      code: 'JSON_UNQUOTED_VALUE',
      offset: start,
      message: 'unquoted value read as a string',
    });
    return v;
  }

  object(path: string): { [key: string]: LosslessValue } {
    this.i++;
    const out: { [key: string]: LosslessValue } = {};
    const seen = new Map<string, LosslessValue[]>();
    this.ws();
    if (this.s[this.i] === '}') return (this.i++, out);
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a key');
      const keyAt = this.i;
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail("expected ':'");
      this.i++;
      this.ws();
      const v = this.value(`${path}.${key}`);
      const prev = seen.get(key);
      if (prev) {
        prev.push(v);
        this.warnings.push({ code: 'JSON_DUPLICATE_KEY', offset: keyAt, message: `duplicate key "${key}"` });
      } else seen.set(key, [v]);
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        break;
      }
      this.fail("expected ',' or '}'");
    }
    for (const [key, values] of seen) if (values.length > 1) this.duplicates.push({ path, key, values });
    return out;
  }

  array(path: string): LosslessValue[] {
    this.i++;
    const out: LosslessValue[] = [];
    this.ws();
    if (this.s[this.i] === ']') return (this.i++, out);
    for (;;) {
      this.ws();
      out.push(this.value(`${path}[${out.length}]`));
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return out;
      }
      this.fail("expected ',' or ']'");
    }
  }

  string(): string {
    const s = this.s;
    let i = this.i + 1;
    let out = '';
    let runStart = i;
    for (;;) {
      if (i >= s.length) {
        this.i = i;
        this.fail('unterminated string');
      }
      const c = s.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) {
        out += s.slice(runStart, i);
        const e = s[i + 1];
        if (e === undefined) {
          this.i = i + 1;
          this.fail('unterminated string');
        }
        if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 2, i + 4))) {
          out += String.fromCharCode(parseInt(s.slice(i + 2, i + 4), 16));
          this.warnings.push({
            code: 'JSON_X_ESCAPE',
            offset: i,
            message: `\\x${s.slice(i + 2, i + 4)} read as U+00${s.slice(i + 2, i + 4).toUpperCase()}`,
          });
          i += 4;
        } else if (e === 'u') {
          const hex = s.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.i = i;
            this.fail('bad \\u escape');
          }
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else {
          const m = ESC[e];
          if (m === undefined) {
            this.i = i;
            this.fail(`bad escape \\${e}`);
          }
          out += m;
          i += 2;
        }
        runStart = i;
        continue;
      }
      i++;
    }
    out += s.slice(runStart, i);
    this.i = i + 1;
    return out;
  }

  number(): number | bigint {
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) this.fail('bad number');
    const t = m[0];
    this.i += t.length;
    if (m[1] === undefined && m[2] === undefined) {
      const n = Number(t);
      return Number.isSafeInteger(n) ? n : BigInt(t);
    }
    return Number(t);
  }
}

const ESC: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
