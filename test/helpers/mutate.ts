import fc from 'fast-check';

/** One mutation of an input file, as fast-check generates it (positions are fractions of the length). */
export type Mutation =
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'flip'; readonly at: number; readonly byte: number }
  | { readonly op: 'insert'; readonly at: number; readonly text: string }
  | { readonly op: 'deep'; readonly at: number; readonly open: string; readonly n: number }
  | { readonly op: 'duplicate'; readonly at: number; readonly len: number }
  | { readonly op: 'replace'; readonly from: string; readonly to: string }
  | { readonly op: 'utf8'; readonly at: number; readonly bytes: readonly number[] };

/** Fragments that hit the readers' edges: wrong types, huge numbers, duplicate keys, markup. */
const FRAGMENTS = [
  '1.5e300',
  '-0',
  '9007199254740993',
  '"id": 2, "id": 3, ',
  '"messages": {}, ',
  '"value": "x", ',
  'null',
  '{}',
  '[]',
  '"\\x01"',
  '"\\ud800"',
  '</div>',
  '<div class="message">',
  '<![CDATA[',
  '&#0;',
  ',,',
  '\u0000',
  '\r\n',
  '"date_unixtime": "soon", ',
  'vics_cat_99',
];

/** Replacements of whole tokens that change a value's type or range. */
const SWAPS: readonly [string, string][] = [
  ['"messages": [', '"messages": {'],
  ['"messages":[', '"messages":"'],
  ['"value": [', '"value": {'],
  ['"id": ', '"id": 1.5e300, "x": '],
  ['"date_unixtime": "', '"date_unixtime": "x'],
  ['"Category": ', '"Category": 77, "y": '],
  ['"MD5": "', '"MD5": 5, "z": "'],
  ['<classification>', '<classification>Q'],
  ['</image>', ''],
  ['<div class="text">', '<div class="text"><b><i><u>'],
  [',', ';'],
  ['\n', '\r\n'],
];

/** A position as a fraction of the length, uniform (fc.double favours 0 and tiny values). */
const at = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000);

/** fast-check arbitrary of one mutation. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: at }),
  fc.record({
    op: fc.constant('flip' as const),
    at: at,
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    op: fc.constant('insert' as const),
    at: at,
    text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 12 })),
  }),
  fc.record({
    op: fc.constant('deep' as const),
    at: at,
    open: fc.constantFrom('[', '{"a":', '<div>', '<b>'),
    n: fc.constantFrom(300, 5000, 100000),
  }),
  fc.record({
    op: fc.constant('duplicate' as const),
    at: at,
    len: fc.integer({ min: 1, max: 400 }),
  }),
  fc.constantFrom(...SWAPS).map(([from, to]) => ({ op: 'replace' as const, from, to })),
  fc.record({
    op: fc.constant('utf8' as const),
    at: at,
    bytes: fc.constantFrom([0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80]),
  }),
);

/** Apply mutations in order to a buffer. */
export function mutate(input: Buffer, ms: readonly Mutation[]): Buffer {
  let b = input;
  for (const m of ms) {
    const pos = 'at' in m ? Math.floor(m.at * b.length) : 0;
    switch (m.op) {
      case 'truncate':
        b = b.subarray(0, pos);
        break;
      case 'flip': {
        if (b.length === 0) break;
        b = Buffer.from(b);
        b[Math.min(pos, b.length - 1)] = m.byte;
        break;
      }
      case 'insert':
        b = Buffer.concat([b.subarray(0, pos), Buffer.from(m.text), b.subarray(pos)]);
        break;
      case 'deep': {
        const close = m.open === '[' ? ']' : m.open === '<div>' ? '</div>' : m.open === '<b>' ? '</b>' : '}';
        const inner = m.open === '{"a":' ? '1' : '';
        const nest = m.open.repeat(m.n) + inner + close.repeat(m.n);
        b = Buffer.concat([b.subarray(0, pos), Buffer.from(nest), b.subarray(pos)]);
        break;
      }
      case 'duplicate':
        b = Buffer.concat([b.subarray(0, pos + m.len), b.subarray(pos)]);
        break;
      case 'replace': {
        const s = b.toString('latin1');
        const i = s.indexOf(m.from);
        if (i >= 0) b = Buffer.concat([b.subarray(0, i), Buffer.from(m.to), b.subarray(i + m.from.length)]);
        break;
      }
      case 'utf8':
        b = Buffer.concat([b.subarray(0, pos), Buffer.from(m.bytes), b.subarray(pos)]);
        break;
    }
  }
  return b;
}

/** Runs of a property: VIGIE_FUZZ_RUNS when set (longer runs: `npm run fuzz`), else the bounded CI default. */
export function runs(base: number): number {
  const n = Number(process.env['VIGIE_FUZZ_RUNS'] ?? base);
  return Number.isFinite(n) && n >= 1 ? Math.round(n) : base;
}

/** Seed of the run: VIGIE_FUZZ_SEED when set (to replay a failure), else a fixed default for CI. */
export function seed(): number {
  const s = Number(process.env['VIGIE_FUZZ_SEED'] ?? 20261206);
  return Number.isFinite(s) ? s : 20261206;
}
