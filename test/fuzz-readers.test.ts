import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { isAppError } from '../src/domain/errors.js';
import { detectHashListFormat, hashListFormat } from '../src/formats/hashlists/registry.js';
import { parseReturns } from '../src/formats/returns.js';
import { mutate, mutationArb, runs, seed } from './helpers/mutate.js';

const HL = resolve('../shared/standards/hash-lists');
const SEEDS: Record<string, Buffer[]> = {
  vics: [
    'vics-synthetic/vics-2.0-hashset-synthetic.json',
    'vics-synthetic/vics-2.0-case-synthetic.json',
    'vics-synthetic/vics-1.3-case-synthetic.json',
  ].map((f) => readFileSync(`${HL}/${f}`)),
  ncmec: [
    'ncmec/ncmec-hashsharing-v2-entries-sample.xml',
    'ncmec/ncmec-hashsharing-v2-status-sample.xml',
  ].map((f) => readFileSync(`${HL}/${f}`)),
  hma: ['threatexchange/file-api-sample-synthetic.txt', 'threatexchange/pdq-needles.txt'].map((f) =>
    readFileSync(`${HL}/${f}`),
  ),
  text: [
    Buffer.from('# md5 list\n' + ['0'.repeat(32), 'a'.repeat(32), 'B'.repeat(31) + 'c'].join('\r\n') + '\n'),
    Buffer.from(['1'.repeat(40), '2'.repeat(40) + ',note'].join('\n')),
  ],
};

/** Counts of outcomes per reader (printed as the figures of the run). */
const tally = new Map<string, Map<string, number>>();
function count(reader: string, outcome: string): void {
  const m = tally.get(reader) ?? new Map<string, number>();
  m.set(outcome, (m.get(outcome) ?? 0) + 1);
  tally.set(reader, m);
}

/** Either the reader finishes or it throws an AppError with a user code: anything else fails the property. */
async function outcome(reader: string, f: () => Promise<unknown>): Promise<void> {
  try {
    await f();
    count(reader, 'ok');
  } catch (e) {
    if (!isAppError(e) || e.exitCode !== 2) throw e;
    count(reader, e.code);
    if (process.env['VIGIE_FUZZ_VERBOSE']) console.log(reader, e.message.slice(0, 120));
  }
}

async function parseList(format: string | null, bytes: Buffer, chunk: number): Promise<number> {
  const f = format === null ? detectHashListFormat(bytes.subarray(0, 65536), 'list') : hashListFormat(format);
  async function* chunks(): AsyncIterable<Buffer> {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  let n = 0;
  for await (const e of f.parse(chunks(), { fileName: 'list', meta: {} })) {
    assert.match(e.value, /^[0-9a-f]+$/);
    n++;
  }
  return n;
}

for (const format of Object.keys(SEEDS)) {
  test(`fuzz: the ${format} hash-list reader stores or refuses (AppError), never crashes`, async () => {
    const seeds = SEEDS[format]!;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(seeds.length - 1),
        fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(7, 64, 4096, 1 << 20),
        fc.boolean(),
        async (i, ms, chunk, detect) => {
          const bytes = mutate(seeds[i]!, ms);
          await outcome(`hashlist:${format}`, () => parseList(detect ? null : format, bytes, chunk));
        },
      ),
      { numRuns: runs(150), seed: seed() },
    );
  });
}

const hex = (n: number): fc.Arbitrary<string> =>
  fc
    .array(fc.constantFrom(...'0123456789abcdefABCDEF'), { minLength: n, maxLength: n })
    .map((a) => a.join(''));
const ANY = fc.oneof(
  fc.constantFrom(null, true, 0, 1, 7, -1, 1.5, 1.5e300, '', 'true', 'maybe', '3'),
  fc.string({ maxLength: 6 }),
  fc.integer(),
  hex(32),
  hex(40),
  hex(64),
  fc.jsonValue({ maxDepth: 2 }),
);
const CONTEXTS = [
  'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Media',
  'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/UK/$metadata#Media',
  'http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media',
];

test('fuzz: generated VICS documents (any field, any type) are stored valid or refused', async () => {
  const w = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
    fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: ANY });
  const rec = fc.record(
    {
      MediaID: w(fc.nat()),
      Category: w(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(null))),
      MD5: hex(32),
      SHA1: w(hex(40)),
      SHA256: w(hex(64)),
      Series: w(fc.string({ maxLength: 6 })),
      MediaSize: w(fc.nat()),
      VictimIdentified: w(fc.constantFrom(true, 'false', 0, null)),
      AlternativeHashes: w(
        fc.array(fc.record({ HashName: fc.constantFrom('MD5', 'SHA1', 'PhotoDNA'), HashValue: hex(40) }), {
          maxLength: 2,
        }),
      ),
      Other: ANY,
    },
    { requiredKeys: ['MD5'] },
  );
  const doc = fc.record({
    context: fc.constantFrom(...CONTEXTS),
    value: fc.oneof({ weight: 4, arbitrary: fc.array(rec, { maxLength: 4 }) }, ANY),
  });
  await fc.assert(
    fc.asyncProperty(doc, fc.constantFrom(5, 4096), async (d, chunk) => {
      const text = Buffer.from(JSON.stringify({ '@odata.context': d.context, value: d.value }));
      await outcome('hashlist:vics (generated)', async () => {
        async function* chunks(): AsyncIterable<Buffer> {
          for (let i = 0; i < text.length; i += chunk) yield text.subarray(i, i + chunk);
        }
        for await (const e of hashListFormat('vics').parse(chunks(), { fileName: 'list' })) {
          assert.match(e.value, /^[0-9a-f]{32}$|^[0-9a-f]{40}$|^[0-9a-f]{64}$/);
          if (e.category !== null) assert.match(e.category, /^[0-5]$/);
        }
      });
    }),
    { numRuns: runs(300), seed: seed() },
  );
});

const HEADERS = [
  'user_id',
  'User ID',
  'Login Time (UTC)',
  'ip',
  'Phone Number',
  'country',
  'notes',
  'id',
  'time',
];
const CELLS = [
  '123',
  'user9',
  '5.1.2.3',
  '::1',
  '2024-03-01T10:00:00Z',
  '1709287200',
  '',
  '"q""x"',
  'FR',
  '1.5e300',
];

test('fuzz: the returns reader (CSV and JSON, generated and mutated) parses or refuses, never crashes', async () => {
  const cell = fc.oneof(fc.constantFrom(...CELLS), fc.string({ maxLength: 8 }));
  const row = fc.oneof(
    { weight: 5, arbitrary: fc.array(cell, { minLength: 6, maxLength: 6 }) },
    { weight: 1, arbitrary: fc.array(cell, { maxLength: 7 }) },
  );
  const table = fc.record({
    header: fc
      .tuple(
        fc.constantFrom('user_id', 'User ID', 'Target Account ID', 'id'),
        fc.uniqueArray(
          fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...HEADERS) }, fc.string({ maxLength: 6 })),
          {
            minLength: 5,
            maxLength: 5,
          },
        ),
      )
      .map(([id, rest]) => [id, ...rest]),
    rows: fc.array(row, { maxLength: 6 }),
    sep: fc.constantFrom(',', ';', '\t'),
    json: fc.boolean(),
  });
  await fc.assert(
    fc.asyncProperty(
      table,
      fc.oneof(fc.constant([]), fc.array(mutationArb, { maxLength: 2 })),
      async (t, ms) => {
        const text = t.json
          ? JSON.stringify(t.rows.map((r) => Object.fromEntries(t.header.map((h, k) => [h, r[k] ?? null]))))
          : [t.header, ...t.rows].map((r) => r.join(t.sep)).join('\n');
        // Some runs keep the generated input as is (no mutation).
        const bytes = mutate(Buffer.from(text), ms);
        await outcome('returns', async () => {
          const { rows, issues } = parseReturns(bytes.toString('utf8'), 'r.csv');
          for (const r of rows) assert.ok(r.userId.length > 0);
          for (const i of issues) assert.match(i.code, /^RETURNS_/);
        });
      },
    ),
    { numRuns: runs(400), seed: seed() },
  );
});

test('fuzz figures', () => {
  const lines = [...tally].map(
    ([reader, m]) =>
      `${reader}: ${[...m.values()].reduce((a, b) => a + b, 0)} inputs (${[...m].map(([k, v]) => `${k} ${v}`).join(', ')})`,
  );
  console.log(lines.join('\n'));
  assert.ok(tally.size > 0);
});
