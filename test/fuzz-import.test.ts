import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { initCase } from '../src/app/init-case.js';
import { openCase, type CaseContext } from '../src/app/context.js';
import { importSources } from '../src/app/import-sources.js';
import { isAppError } from '../src/domain/errors.js';
import { runCli } from './helpers/cli.js';
import { caseDigest } from './helpers/case-digest.js';
import { mutate, mutationArb, runs, seed, type Mutation } from './helpers/mutate.js';

const REAL = resolve('../shared/fixtures/telegram-real');
const JSON_SEEDS = [
  'innerdvations-migrated-supergroup',
  'innerdvations-private-channel',
  'innerdvations-saved-messages',
  'mlomb-personal-chat',
  'tg2md-channel-2020',
  'tg2md-channel-2021',
].map((d) => readFileSync(join(REAL, d, 'result.json')));
const HTML_SEED = readFileSync(join(REAL, 'emerickgrimm-html-personal', 'messages.html'));
const tmp = (): string => mkdtempSync(join(tmpdir(), 'vigie-fuzz-imp-'));
const tally = new Map<string, Map<string, number>>();

function count(reader: string, outcome: string): void {
  const m = tally.get(reader) ?? new Map<string, number>();
  m.set(outcome, (m.get(outcome) ?? 0) + 1);
  tally.set(reader, m);
}

/** Import `bytes` as an export into one shared case: ok, or an AppError (exit 2) that left the case unchanged. */
async function importOnce(
  reader: string,
  dir: string,
  ctx: CaseContext,
  name: string,
  bytes: Buffer,
): Promise<void> {
  const exp = join(tmp(), 'export');
  mkdirSync(exp);
  writeFileSync(join(exp, name), bytes);
  const before = caseDigest(dir);
  try {
    await importSources(ctx, { paths: [exp], tz: 'UTC', readThread: 'inline' });
    count(reader, 'ok');
  } catch (e) {
    if (!isAppError(e) || e.exitCode !== 2) throw e;
    count(reader, e.code);
    assert.equal(caseDigest(dir), before, `${e.code} left a partial write`);
  }
}

async function property(
  reader: string,
  name: string,
  seeds: readonly Buffer[],
  numRuns: number,
): Promise<void> {
  const dir = join(tmp(), 'case');
  await initCase({ dir });
  const ctx = await openCase(dir);
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(seeds.length - 1),
        fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        async (i, ms: Mutation[]) => importOnce(reader, dir, ctx, name, mutate(seeds[i]!, ms)),
      ),
      { numRuns, seed: seed() },
    );
  } finally {
    await ctx.close();
  }
}

test('fuzz: the Telegram JSON importer imports or refuses mutated real exports, never a crash or partial write', async () => {
  await property('import:json', 'result.json', JSON_SEEDS, runs(60));
});

test('fuzz: the Telegram HTML importer imports or refuses mutated real pages, never a crash or partial write', async () => {
  await property('import:html', 'messages.html', [HTML_SEED], runs(30));
});

test('fuzz: generated exports (ids, times, authors, texts of any type) import or are refused whole', async () => {
  const dir = join(tmp(), 'case');
  await initCase({ dir });
  const ctx = await openCase(dir);
  const t = 1_700_000_000;
  const odd = fc.constantFrom(null, 1.5, 1.5e300, '7', 'x', -3, true, [], {});
  const message = fc.record(
    {
      id: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 50 }) }, odd),
      type: fc.constantFrom('message', 'service', 'weird', 5),
      date: fc.constantFrom('2023-11-14T22:13:20', '2023-02-30T99:00:00', 7),
      date_unixtime: fc.oneof({ weight: 6, arbitrary: fc.constant(String(t)) }, odd),
      from: fc.oneof(fc.string({ maxLength: 5 }), odd),
      from_id: fc.oneof(fc.constantFrom('user1', 'user2', 'channel9', 'chat3'), odd),
      actor_id: fc.constantFrom('user1', 42),
      action: fc.constantFrom('invite_members', 'create_group', 'x'),
      members: fc.oneof(fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }), odd),
      text: fc.oneof(
        fc.string({ maxLength: 8 }),
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 4 }),
            fc.record({
              type: fc.constantFrom('bold', 'link', 7),
              text: fc.oneof(fc.string({ maxLength: 4 }), odd),
            }),
          ),
          { maxLength: 3 },
        ),
        odd,
      ),
      photo: fc.constantFrom('photos/a.jpg', '../x.jpg', '/etc/passwd', 5),
      reactions: fc.oneof(
        fc.constant([{ type: 'emoji', count: 1, recent: [{ from: 'A', from_id: 'user1' }] }]),
        odd,
      ),
    },
    { requiredKeys: ['id', 'type', 'date', 'date_unixtime'] },
  );
  const exportArb = fc.record({
    name: fc.oneof(fc.string({ maxLength: 5 }), odd),
    type: fc.constantFrom('private_supergroup', 'personal_chat', 'private_group', 'public_channel', 'odd', 3),
    id: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 1e9 }) }, odd),
    messages: fc.oneof({ weight: 8, arbitrary: fc.array(message, { maxLength: 6 }) }, odd),
  });
  try {
    await fc.assert(
      fc.asyncProperty(exportArb, async (e) =>
        importOnce(
          'import:json (generated)',
          dir,
          ctx,
          'result.json',
          Buffer.from(JSON.stringify(e, null, 1)),
        ),
      ),
      { numRuns: runs(80), seed: seed() },
    );
  } finally {
    await ctx.close();
  }
});

test('fuzz through the CLI: exit 0, 2 or 3, never 1; exit 2 leaves the case dump byte-identical', async () => {
  const dir = join(tmp(), 'case');
  assert.equal((await runCli(['init', dir])).code, 0);
  const inputs = fc.sample(
    fc.tuple(
      fc.constantFrom('json', 'vics', 'returns'),
      fc.array(mutationArb, { minLength: 1, maxLength: 2 }),
    ),
    { numRuns: Math.min(runs(6), 60), seed: seed() },
  );
  const vics = readFileSync(
    resolve('../shared/standards/hash-lists/vics-synthetic/vics-2.0-hashset-synthetic.json'),
  );
  const ret = Buffer.from('User ID,Login Time (UTC),IP Address\n1,2024-03-01T10:00:00Z,5.1.2.3\n2,,::1\n');
  for (const [k, [kind, ms]] of inputs.entries()) {
    const work = tmp();
    let args: string[];
    if (kind === 'json') {
      mkdirSync(join(work, 'export'));
      writeFileSync(join(work, 'export', 'result.json'), mutate(JSON_SEEDS[k % JSON_SEEDS.length]!, ms));
      args = ['import', '--account', 'UC-T', join(work, 'export'), '--tz', 'UTC'];
    } else if (kind === 'vics') {
      writeFileSync(join(work, 'list.json'), mutate(vics, ms));
      args = ['hashlist', 'add', join(work, 'list.json'), '--name', `l${k}`];
    } else {
      writeFileSync(join(work, 'r.csv'), mutate(ret, ms));
      args = ['returns', 'add', join(work, 'r.csv')];
    }
    const before = caseDigest(dir);
    const r = await runCli(['--case', dir, ...args]);
    count(`cli:${kind}`, `exit ${r.code}`);
    assert.ok([0, 2, 3].includes(r.code), `${kind} ${JSON.stringify(ms)}: exit ${r.code}\n${r.stderr}`);
    if (r.code === 2) {
      assert.match(r.stderr, /^[A-Z_]+: /m);
      assert.equal(caseDigest(dir), before, `${kind}: refused input changed the case`);
    }
  }
});

test('fuzz import figures', () => {
  console.log(
    [...tally]
      .map(
        ([reader, m]) =>
          `${reader}: ${[...m.values()].reduce((a, b) => a + b, 0)} inputs (${[...m].map(([k, v]) => `${k} ${v}`).join(', ')})`,
      )
      .join('\n'),
  );
  assert.ok(tally.size > 0);
});
