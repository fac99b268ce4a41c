/** A path inside a JSON document: object keys and array indexes. */
export type JsonPath = readonly (string | number)[];

/** Callbacks of the streaming JSON scanner. */
export interface JsonScanHandlers {
  /** Whether to materialise the value starting at this path (whole subtree, parsed with JSON.parse). */
  capture(path: JsonPath): boolean;
  /** A captured value, with the byte offset where it starts. */
  value(path: JsonPath, value: unknown, byte: number): void;
  /** A container that was not captured has closed (path of the container itself, byte where it opened). */
  close?(path: JsonPath, byte: number): void;
  /** Any value starts at `path` (called before `capture`), with its kind: lets a reader check types early. */
  start?(path: JsonPath, kind: JsonKind, byte: number): void;
}

/** The kind of a JSON value as seen from its first byte. */
export type JsonKind = 'object' | 'array' | 'string' | 'scalar';

/** Deepest nesting the scanner accepts (objects and arrays); deeper input is refused with `deep` set. */
export const MAX_JSON_DEPTH = 256;

/** Thrown by the scanner with the byte offset of the problem. */
export class JsonScanError extends Error {
  constructor(
    readonly byte: number,
    message: string,
    /** True when the input nests deeper than MAX_JSON_DEPTH. */
    readonly deep = false,
  ) {
    super(message);
  }
}

interface Frame {
  start: number;
  kind: 'obj' | 'arr';
  key: string | number;
  expect: 'key' | 'colon' | 'value' | 'comma' | 'first';
}

interface Capture {
  kind: 'container' | 'string' | 'literal';
  discard: boolean;
  path: JsonPath;
  start: number;
  parts: Buffer[];
  from: number;
  brackets: number[];
}

const BOM = [0xef, 0xbb, 0xbf];
const WS = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WS[c] = 1;
const LITERAL = new Uint8Array(256);
for (const c of '0123456789+-.eEtrufalsn') LITERAL[c.charCodeAt(0)] = 1;

/**
 * Streaming JSON scanner: checks the structure byte by byte, keeps only a path stack, and hands the caller the
 * subtrees it asks for (so a 1 GB `value` array never sits in memory whole). Byte offsets count from the file start.
 */
export class JsonScanner {
  private readonly stack: Frame[] = [];
  private offset = 0;
  private done = false;
  private inString = false;
  private escape = false;
  private key: number[] | null = null;
  private cap: Capture | null = null;
  private chunk: Buffer = Buffer.alloc(0);
  /** Bytes of a leading UTF-8 BOM seen so far (3 = done). */
  private bom = 0;

  constructor(private readonly h: JsonScanHandlers) {}

  /** Feed the next chunk of bytes. */
  write(chunk: Buffer): void {
    this.chunk = chunk;
    const base = this.offset;
    for (let i = 0; i < chunk.length; i++) {
      this.offset = base + i;
      const c = chunk[i]!;
      if (this.bom < 3) {
        if (c === BOM[this.bom]) {
          this.bom++;
          continue;
        }
        if (this.bom > 0) this.fail(c);
        this.bom = 3;
      }
      this.step(c, i);
    }
    this.offset = base + chunk.length;
    if (this.cap && !this.cap.discard) {
      this.cap.parts.push(chunk.subarray(this.cap.from));
    }
    if (this.cap) this.cap.from = 0;
  }

  /** Signal the end of input; throws when the document is incomplete. */
  end(): void {
    this.chunk = Buffer.alloc(0);
    if (this.cap?.kind === 'literal' && !this.inString) this.finishCapture(0);
    if (!this.done || this.inString || this.stack.length || this.cap) {
      throw new JsonScanError(this.offset, 'unexpected end of input');
    }
  }

  private fail(c: number): never {
    const what = c < 0x20 || c > 0x7e ? `byte 0x${c.toString(16)}` : `'${String.fromCharCode(c)}'`;
    throw new JsonScanError(this.offset, `unexpected ${what}`);
  }

  private tooDeep(): never {
    throw new JsonScanError(this.offset, `nested deeper than ${MAX_JSON_DEPTH} levels`, true);
  }

  private step(c: number, i: number): void {
    if (this.inString) {
      if (this.escape) this.escape = false;
      else if (c === 0x5c) this.escape = true;
      else if (c === 0x22) {
        this.inString = false;
        if (this.key !== null) return this.finishKey();
        if (this.cap?.kind === 'string') this.finishCapture(i + 1);
        return;
      }
      if (this.key !== null) this.key.push(c);
      return;
    }
    const cap = this.cap;
    if (cap?.kind === 'literal') {
      if (LITERAL[c]) return;
      this.finishCapture(i);
    }
    if (WS[c]) return;
    if (cap?.kind === 'container' && this.cap) return this.inContainer(c, i, cap);
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      if (this.done) this.fail(c);
      return this.startValue(c, i);
    }
    switch (top.expect) {
      case 'key':
        if (c === 0x22) {
          this.inString = true;
          this.key = [];
          return;
        }
        if (c === 0x7d && top.key === '') return this.closeContainer();
        return this.fail(c);
      case 'colon':
        if (c !== 0x3a) this.fail(c);
        top.expect = 'value';
        return;
      case 'first':
        if (c === 0x5d) return this.closeContainer();
        top.expect = 'value';
        return this.startValue(c, i);
      case 'value':
        return this.startValue(c, i);
      case 'comma':
        if (c === 0x2c) {
          if (top.kind === 'obj') {
            top.expect = 'key';
            top.key = '\u0000';
          } else {
            top.expect = 'value';
            top.key = (top.key as number) + 1;
          }
          return;
        }
        if ((c === 0x7d && top.kind === 'obj') || (c === 0x5d && top.kind === 'arr'))
          return this.closeContainer();
        return this.fail(c);
    }
  }

  private finishKey(): void {
    const raw = Buffer.from(this.key!).toString('utf8');
    this.key = null;
    const top = this.stack[this.stack.length - 1]!;
    try {
      top.key = JSON.parse(`"${raw}"`) as string;
    } catch {
      throw new JsonScanError(this.offset, 'invalid string escape in a key');
    }
    top.expect = 'colon';
  }

  private startValue(c: number, i: number): void {
    const container = c === 0x7b || c === 0x5b;
    const kind = container ? 'container' : c === 0x22 ? 'string' : LITERAL[c] ? 'literal' : null;
    if (kind === null) this.fail(c);
    const path = this.stack.map((f) => f.key);
    if (container && this.stack.length >= MAX_JSON_DEPTH) this.tooDeep();
    this.h.start?.(
      path,
      c === 0x7b ? 'object' : c === 0x5b ? 'array' : c === 0x22 ? 'string' : 'scalar',
      this.offset,
    );
    const wanted = this.stack.length > 0 && this.h.capture(path);
    if (!wanted && container) {
      this.stack.push(
        c === 0x7b
          ? { kind: 'obj', key: '', expect: 'key', start: this.offset }
          : { kind: 'arr', key: 0, expect: 'first', start: this.offset },
      );
      return;
    }
    this.cap = {
      kind,
      discard: !wanted,
      path,
      start: this.offset,
      parts: [],
      from: i,
      brackets: container ? [c] : [],
    };
    if (kind === 'string') this.inString = true;
  }

  private inContainer(c: number, i: number, cap: Capture): void {
    if (c === 0x22) {
      this.inString = true;
      return;
    }
    if (c === 0x7b || c === 0x5b) {
      cap.brackets.push(c);
      if (this.stack.length + cap.brackets.length > MAX_JSON_DEPTH) this.tooDeep();
    } else if (c === 0x7d || c === 0x5d) {
      const open = cap.brackets.pop();
      if ((c === 0x7d) !== (open === 0x7b)) this.fail(c);
      if (cap.brackets.length === 0) this.finishCapture(i + 1);
    }
  }

  private finishCapture(endIndex: number): void {
    const cap = this.cap!;
    this.cap = null;
    if (!cap.discard) {
      const bytes = Buffer.concat([...cap.parts, this.chunk.subarray(cap.from, endIndex)]);
      let value: unknown;
      try {
        value = JSON.parse(bytes.toString('utf8'));
      } catch (e) {
        const at = /position (\d+)/.exec((e as Error).message);
        const msg = (e as Error).message.replace(/ in JSON at position \d+.*$/s, '');
        throw new JsonScanError(cap.start + (at ? Number(at[1]) : 0), msg);
      }
      this.h.value(cap.path, value, cap.start);
    }
    this.afterValue();
  }

  private closeContainer(): void {
    const path = this.stack.slice(0, -1).map((f) => f.key);
    const frame = this.stack.pop()!;
    this.h.close?.(path, frame.start);
    this.afterValue();
  }

  private afterValue(): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) this.done = true;
    else top.expect = 'comma';
  }
}
