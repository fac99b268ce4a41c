import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rankTargets, type TriageFacts } from '../src/pipeline/analyse/triage.js';
import { DEFAULT_POLICY } from '../src/pipeline/analyse/default-policy.js';
import { parsePolicy } from '../src/pipeline/analyse/triage-policy.js';
import { initCase } from '../src/app/init-case.js';
import { openCase } from '../src/app/context.js';
import { decideTarget } from '../src/app/decide-target.js';
import { listTargets } from '../src/app/list-targets.js';
import { loadPolicy } from '../src/app/score-targets.js';
import { caseStats } from '../src/app/case-stats.js';
import Database from 'better-sqlite3';
import { DATABASES } from './helpers/databases.js';
import { caseOn } from './helpers/copy-to-postgres.js';
import { TEST_STATE } from './helpers/cli.js';
import { isAppError } from '../src/domain/errors.js';

const T0 = Date.UTC(2024, 5, 1);
const facts = (over: Partial<TriageFacts> & { actor: string }): TriageFacts => ({
  newClusters: [],
  knownMedia: [],
  lexiconHits: [],
  chats: ['telegram:chat1'],
  repostsOfTheirMedia: 0,
  pagerank: 0.01,
  lastActivity: T0,
  attribution: null,
  ...over,
});

const population: TriageFacts[] = [
  facts({ actor: 'telegram:user1', newClusters: ['c1', 'c2'], repostsOfTheirMedia: 6 }),
  facts({
    actor: 'telegram:user2',
    knownMedia: [
      { sha256: 'a', category: '1' },
      { sha256: 'b', category: '1' },
      { sha256: 'c', category: '3' },
    ],
    chats: ['x', 'y', 'z'],
  }),
  facts({
    actor: 'telegram:user3',
    lexiconHits: [{ term: 'foo', chat: 'x', message: 1 }],
    lastActivity: T0 - 90 * 86_400_000,
  }),
  facts({ actor: 'telegram:user4', attribution: { country: 'FR', probability: 0.95, abstained: false } }),
  facts({
    actor: 'telegram:user5',
    attribution: { country: null, probability: 0.4, abstained: true },
    pagerank: null,
    lastActivity: null,
  }),
];

test('each factor shows value, weight, contribution and facts; the total is their sum', () => {
  const ranked = rankTargets(population, { home: 'FR', networkSize: 100 });
  for (const s of ranked) {
    assert.deepEqual(
      s.factors.map((f) => f.name),
      ['newClusters', 'production', 'knownMedia', 'lexicon', 'reach', 'centrality', 'recency', 'home'],
    );
    const sum = s.factors.reduce((a, f) => a + f.contribution, 0);
    assert.ok(Math.abs(sum - s.score) < 1e-3);
    for (const f of s.factors) assert.ok(f.contribution <= f.weight + 1e-9 && f.contribution >= 0);
  }
  assert.equal(ranked[0]!.actor, 'telegram:user1', 'the producer ranks first');
  const known = ranked
    .find((s) => s.actor === 'telegram:user2')!
    .factors.find((f) => f.name === 'knownMedia')!;
  assert.equal(known.value, 2.3, 'categories weigh: 2 × 1 + 1 × 0.3');
  assert.ok(known.facts.some((x) => /category 1/.test(x)));
  const home = ranked.find((s) => s.actor === 'telegram:user4')!.factors.find((f) => f.name === 'home')!;
  assert.equal(home.contribution, 0.95 * DEFAULT_POLICY.factors.home.weight);
  const old = ranked.find((s) => s.actor === 'telegram:user3')!.factors.find((f) => f.name === 'recency')!;
  assert.ok(old.normalised < 0.2, '90 days old with a 30-day half-life');
});

test('ranking is deterministic and independent of input order', () => {
  const a = rankTargets(population, { home: 'FR', networkSize: 100 });
  const b = rankTargets([...population].reverse(), { home: 'FR', networkSize: 100 });
  assert.deepEqual(a, b);
  assert.deepEqual(
    a.map((s) => s.rank),
    [1, 2, 3, 4, 5],
  );
});

test('policy files: JSON and YAML override the default; errors name file and field', () => {
  const yaml =
    '# unit policy\nname: unit-7\nfactors:\n  home:\n    weight: 50   # home first\n  knownMedia:\n    categories:\n      "1": 2\n';
  const p = parsePolicy(yaml, 'p.yaml');
  assert.equal(p.name, 'unit-7');
  assert.equal(p.factors.home.weight, 50);
  assert.equal(p.factors.knownMedia.categories['1'], 2);
  assert.equal(p.factors.knownMedia.categories['3'], 0.3, 'unspecified categories keep the default');
  assert.equal(p.factors.newClusters.weight, DEFAULT_POLICY.factors.newClusters.weight);
  const ranked = rankTargets(population, { home: 'FR', networkSize: 100 }, p);
  assert.equal(ranked[0]!.actor, 'telegram:user4');
  assert.equal(parsePolicy('{"factors": {"lexicon": {"weight": 0}}}', 'p.json').factors.lexicon.weight, 0);
  assert.throws(
    () => parsePolicy('{"factors": {"lexicon": {"weight": -1}}}', 'p.json'),
    (e) => isAppError(e, 'POLICY_INVALID') && /p\.json: factors\.lexicon\.weight/.test(e.message),
  );
  assert.throws(
    () => parsePolicy('factors:\n  bogus:\n    weight: 1\n', 'p.yaml'),
    (e) => isAppError(e, 'POLICY_INVALID') && /p\.yaml/.test(e.message),
  );
  assert.throws(
    () => parsePolicy('- a\n', 'p.yaml'),
    (e) => isAppError(e, 'POLICY_INVALID') && /line 1/.test(e.message),
  );
  const dir = mkdtempSync(join(tmpdir(), 'vigie-policy-'));
  writeFileSync(join(dir, 'p.yaml'), yaml);
  assert.equal(loadPolicy(join(dir, 'p.yaml')).name, 'unit-7');
});

void TEST_STATE;

for (const kind of DATABASES)
  test(`[${kind}] targets list by rank with attribution and filters; decisions are audited`, async () => {
    const lite = join(mkdtempSync(join(tmpdir(), 'vigie-targets-')), 'c');
    await initCase({ dir: lite, home: 'FR' });
    const raw = new Database(join(lite, 'case.sqlite'));
    for (const id of ['telegram:user1', 'telegram:user2'])
      raw.prepare(`INSERT INTO actor (id, platform, kind) VALUES (?, 'telegram', 'user')`).run(id);
    raw.close();
    const ctx = await openCase(await caseOn(kind, lite));
    try {
      await ctx.store.transaction(async (tx) => {
        const run = await tx.runs.start('triage');
        await tx.triage.replaceAttributions(run, [
          {
            actor: 'telegram:user1',
            country: 'FR',
            probability: 0.97,
            abstained: false,
            reason: null,
            candidates: [{ country: 'FR', probability: 0.97 }],
            origin: null,
            evidence: [],
          },
          {
            actor: 'telegram:user2',
            country: null,
            probability: 0.4,
            abstained: true,
            reason: 'top posterior 0.40 < 0.6',
            candidates: [{ country: 'DE', probability: 0.4 }],
            origin: null,
            evidence: [],
          },
        ]);
        await tx.triage.replaceScores(
          run,
          'default',
          rankTargets(population.slice(0, 2), { home: 'FR', networkSize: 2 }),
        );
      });
      const all = await listTargets(ctx);
      assert.deepEqual(
        all.map((t) => [t.rank, t.actor]),
        [
          [1, 'telegram:user1'],
          [2, 'telegram:user2'],
        ],
      );
      assert.equal(all[0]!.attribution?.country, 'FR');
      assert.equal(all[1]!.attribution?.country, null);
      assert.deepEqual(
        (await listTargets(ctx, { home: true })).map((t) => t.actor),
        ['telegram:user1'],
      );
      assert.deepEqual(await listTargets(ctx, { country: 'de' }), []);
      assert.equal((await listTargets(ctx, { limit: 1 })).length, 1);
      const d = await decideTarget(ctx, {
        actor: 'telegram:user1',
        decision: 'accept',
        reason: 'producer, home jurisdiction',
      });
      assert.equal(d.decision, 'accept');
      const ev = (await ctx.store.audit.list()).find((e) => e.seq === d.auditSeq)!;
      assert.equal(ev.command, 'target decide');
      assert.equal(ev.subject, 'telegram:user1');
      assert.equal((await listTargets(ctx))[0]!.decision?.decision, 'accept');
      assert.equal(ev.user, d.user);
      assert.equal(await ctx.store.audit.check(), null, 'the decision joins an intact chain');
      const st = await caseStats(ctx);
      assert.deepEqual([st.targets, st.acceptedTargets, st.countries], [2, 1, 1]);
      await decideTarget(ctx, { actor: 'telegram:user1', decision: 'reject', reason: 'second look' });
      assert.equal((await listTargets(ctx))[0]!.decision?.decision, 'reject', 'the latest decision wins');
      assert.equal((await caseStats(ctx)).acceptedTargets, 0);
      await assert.rejects(
        decideTarget(ctx, { actor: 'telegram:user1', decision: 'maybe', reason: 'x' }),
        (e) => isAppError(e, 'USAGE'),
      );
      await assert.rejects(
        decideTarget(ctx, { actor: 'telegram:user1', decision: 'reject', reason: ' ' }),
        (e) => isAppError(e, 'USAGE'),
      );
      await assert.rejects(
        decideTarget(ctx, { actor: 'telegram:user9', decision: 'reject', reason: 'x' }),
        (e) => isAppError(e, 'NOT_FOUND'),
      );
    } finally {
      await ctx.close();
    }
  });
