// Full-text search on a real small demo case (built once by the real CLI) and its PostgreSQL twin: every query's
// hits equal a brute-force scan of the case's messages, names and titles (single words, an accent-free query
// finding accented text, phrases, prefixes, each filter); hostile query text is a USAGE error or plain words,
// never a stack trace; a rebuild and the migration's fill of an older case give the same hits; verify still passes;
// `vigie search --json` equals the API's answer, and the chat context opens around a hit.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openCase, type CaseContext } from '../src/app/context.js';
import { searchMessages, type SearchInput, type SearchItem } from '../src/app/search-messages.js';
import { isAppError } from '../src/domain/errors.js';
import { buildServer } from '../src/server/app.js';
import { runCli } from './helpers/cli.js';
import { DATABASES, type TestDatabase } from './helpers/databases.js';
import { addPeople, demoCases, ORIGIN, signIn } from './server-fixture.js';
import {
  hitKey,
  peerDocs,
  peerKey,
  peerMatches,
  wordsOf,
  type PeerDoc,
  type PeerTerm,
} from './search-fixture.js';

const ready = (async () => {
  const { casesDir, cases } = await demoCases();
  const dirs = Object.fromEntries(DATABASES.map((db) => [db, join(casesDir, cases[db])])) as Record<
    TestDatabase,
    string
  >;
  const peer = peerDocs(dirs.sqlite);
  const media = JSON.parse((await runCli(['--case', dirs.sqlite, '--json', 'media'])).stdout) as {
    sha256: string;
    status: string;
  }[];
  return { casesDir, cases, dirs, peer, status: new Map(media.map((m) => [m.sha256, m.status])) };
})();

/** Every hit of a search, page after page (pages of 7 to walk the cursor). */
async function allHits(ctx: CaseContext, input: SearchInput): Promise<SearchItem[]> {
  const out: SearchItem[] = [];
  let cursor: string | undefined;
  for (;;) {
    const r = await searchMessages(ctx, { ...input, limit: 7, ...(cursor ? { cursor } : {}) });
    out.push(...r.items);
    if (!r.nextCursor) return out;
    cursor = r.nextCursor;
  }
}

/** The test's own reading of a query: quoted phrases, a trailing star, words folded. */
function termsOf(query: string): PeerTerm[] {
  return [...query.matchAll(/"([^"]*)"(\*?)|(\S+)/g)].flatMap((m) => {
    const body = m[1] ?? m[3] ?? '';
    const words = wordsOf(body);
    return words.length ? [{ words, prefix: m[2] === '*' || (m[3] ?? '').endsWith('*') }] : [];
  });
}

const sorted = (xs: string[]) => [...xs].sort();

test('hits equal a brute-force scan of the messages, names and titles, on every database', async () => {
  const s = await ready;
  const someMessage = s.peer.find((d) => d.kind === 'message' && d.words.includes('good'));
  assert.ok(someMessage, 'the demo has a message with "good"');
  const db = new Database(join(s.dirs.sqlite, 'case.sqlite'), { readonly: true });
  const occ = db.prepare('SELECT chat_id, message_id, sha256 FROM media_occurrence').all() as {
    chat_id: string;
    message_id: number;
    sha256: string | null;
  }[];
  db.close();
  const mediaOf = (d: PeerDoc) => occ.filter((o) => o.chat_id === d.chat && o.message_id === d.message);
  const from = Date.parse('2023-01-01T00:00:00Z');
  const to = Date.parse('2025-01-01T00:00:00Z');
  const cases: { input: SearchInput; keep?: (d: PeerDoc) => boolean; atLeast?: number }[] = [
    { input: { query: 'good' }, atLeast: 5 },
    { input: { query: 'mexico' }, atLeast: 1 }, // accent-free query, accented text (México)
    { input: { query: 'MEXICO' } },
    { input: { query: 'manana' } },
    { input: { query: 'reunion' } },
    { input: { query: 'сегодня' } },
    { input: { query: '"good night"' }, atLeast: 1 },
    { input: { query: 'night good' } },
    { input: { query: '"night good"' } },
    { input: { query: 'goo*' }, atLeast: 5 },
    { input: { query: '"good ni"*' } },
    { input: { query: 'mex*' } },
    { input: { query: 'bram' }, atLeast: 1 }, // actor names
    { input: { query: 'coffee corner' }, atLeast: 1 }, // chat titles
    { input: { query: 'zzzqqq' } },
    { input: { query: 'good', chat: someMessage.chat! }, keep: (d) => d.chat === someMessage.chat },
    { input: { query: 'goo*', actor: someMessage.actor! }, keep: (d) => d.actor === someMessage.actor },
    {
      input: { query: 'good', from: '2023-01-01', to: '2024-12-31' },
      keep: (d) => d.kind === 'message' && d.at !== null && d.at >= from && d.at < to,
    },
    { input: { query: 'the', hasMedia: true }, keep: (d) => d.kind === 'message' && mediaOf(d).length > 0 },
    ...(['new', 'known'] as const).map((st) => ({
      input: { query: 'the', status: st },
      keep: (d: PeerDoc) =>
        d.kind === 'message' && mediaOf(d).some((o) => o.sha256 !== null && s.status.get(o.sha256) === st),
    })),
  ];
  for (const kind of DATABASES) {
    const ctx = await openCase(s.dirs[kind], { readonly: true });
    try {
      for (const c of cases) {
        const terms = termsOf(c.input.query);
        const expected = s.peer.filter((d) => peerMatches(d, terms) && (c.keep ?? (() => true))(d));
        const hits = await allHits(ctx, c.input);
        const what = `${kind}: ${JSON.stringify(c.input)}`;
        assert.deepEqual(sorted(hits.map(hitKey)), sorted(expected.map(peerKey)), what);
        if (c.atLeast) assert.ok(hits.length >= c.atLeast, `${what}: at least ${c.atLeast} hits`);
        for (const h of hits)
          assert.ok(h.parts.length > 0 && h.excerpt.length > 0, `${what}: an excerpt for ${hitKey(h)}`);
      }
      const mexico = await searchMessages(ctx, { query: 'mexico' });
      assert.ok(
        mexico.items.some((h) => h.parts.some((p) => p.hit && /méxico/i.test(p.text))),
        `${kind}: the accented word is highlighted`,
      );
    } finally {
      await ctx.close();
    }
  }
});

test('hostile query text is plain words or a USAGE error naming the query, never anything else', async () => {
  const s = await ready;
  const hostile = [
    'NEAR(a b)',
    'a OR b',
    'NOT good',
    '-good',
    'body:good',
    '^good',
    'good"',
    '"unclosed',
    '*',
    '***',
    '(',
    ')',
    "'; DROP TABLE message; --",
    'a & b | !c',
    'a <-> b',
    'good:*',
    '\\',
    '""',
    'good)) OR ((1',
    'x'.repeat(1001),
    '\u0000\u0002\u0003',
    '🙂',
    '"good" "night"*',
    'a'.repeat(300),
    Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '),
  ];
  for (const kind of DATABASES) {
    const ctx = await openCase(s.dirs[kind], { readonly: true });
    try {
      for (const q of hostile) {
        try {
          const r = await searchMessages(ctx, { query: q, limit: 5 });
          assert.ok(Array.isArray(r.items), `${kind}: ${q}`);
        } catch (e) {
          assert.ok(
            isAppError(e, 'USAGE'),
            `${kind}: ${JSON.stringify(q)}: ${(e as Error).stack ?? String(e)}`,
          );
          assert.match((e as Error).message, /^search query /, `${kind}: the message names the query`);
        }
      }
      await assert.rejects(searchMessages(ctx, { query: 'good', from: 'yesterday' }), /--from yesterday/);
      await assert.rejects(searchMessages(ctx, { query: 'good', cursor: 'bm90IGEgY3Vyc29y' }), /cursor/);
    } finally {
      await ctx.close();
    }
  }
  const r = await runCli(['--case', s.dirs.sqlite, 'search', '"unclosed']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^USAGE: search query "\\"unclosed": column 1: quote not closed/);
});

test('vigie search --json equals the API answer; the chat context opens around a hit; liaison is refused', async () => {
  const s = await ready;
  await addPeople(s.casesDir, [
    { name: 'ana', role: 'analyst', cases: Object.values(s.cases) },
    { name: 'lia', role: 'liaison', cases: Object.values(s.cases) },
  ]);
  const app = await buildServer({ casesDir: s.casesDir });
  after(() => app.close());
  const cookie = await signIn(app, 'ana');
  for (const kind of DATABASES) {
    const cli = await runCli(['--case', s.dirs[kind], '--json', 'search', 'goo*', '--limit', '5']);
    assert.equal(cli.code, 0, cli.stderr);
    const url = `/api/v1/cases/${s.cases[kind]}/search?q=${encodeURIComponent('goo*')}&limit=5`;
    const api = await app.inject({ url, headers: { origin: ORIGIN, cookie } });
    assert.equal(api.statusCode, 200, api.body);
    assert.deepEqual(api.json(), JSON.parse(cli.stdout), kind);
    const hit = (api.json() as { items: SearchItem[] }).items.find((h) => h.kind === 'message')!;
    const around = await app.inject({
      url: `/api/v1/cases/${s.cases[kind]}/chats/${encodeURIComponent(hit.chat!)}/messages?around=${hit.message}&limit=9`,
      headers: { origin: ORIGIN, cookie },
    });
    assert.equal(around.statusCode, 200, around.body);
    const ctxBody = around.json() as { messages: { id: number; text: string | null }[] };
    assert.ok(
      ctxBody.messages.some((m) => m.id === hit.message),
      `${kind}: the hit is in its context`,
    );
    assert.ok(ctxBody.messages.length > 1 && ctxBody.messages.length <= 9);
    const bad = await app.inject({
      url: `/api/v1/cases/${s.cases[kind]}/search?q=${encodeURIComponent('"open')}`,
      headers: { origin: ORIGIN, cookie },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal((bad.json() as { error: { code: string } }).error.code, 'USAGE');
  }
  const lia = await signIn(app, 'lia');
  const refused = await app.inject({
    url: `/api/v1/cases/${s.cases.sqlite}/search?q=good`,
    headers: { origin: ORIGIN, cookie: lia },
  });
  assert.equal(refused.statusCode, 403);
});

test('a rebuild and the migration fill of an older case give the same hits; verify passes', async () => {
  const s = await ready;
  const queries = ['good', 'goo*', '"good night"', 'mexico', 'bram'];
  const keysOn = async (dir: string, opts: { readonly?: boolean } = { readonly: true }) => {
    const ctx = await openCase(dir, opts);
    try {
      const out: string[][] = [];
      for (const q of queries) out.push((await allHits(ctx, { query: q })).map(hitKey));
      return out;
    } finally {
      await ctx.close();
    }
  };
  // The PostgreSQL twin shares the case's id (its copied audit trail): its own copy of the anchor journals.
  const pgAnchors = mkdtempSync(join(tmpdir(), 'vigie-search-anchors-'));
  cpSync(process.env['VIGIE_ANCHOR_DIR'] ?? '', pgAnchors, { recursive: true });
  for (const kind of DATABASES) {
    const env = kind === 'postgres' ? { VIGIE_ANCHOR_DIR: pgAnchors } : {};
    const before = await keysOn(s.dirs[kind]);
    const r = await runCli(['--case', s.dirs[kind], '--json', 'search', '--rebuild'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.ok((JSON.parse(r.stdout) as { documents: number }).documents > 0);
    assert.deepEqual(await keysOn(s.dirs[kind]), before, `${kind}: the same hits after a rebuild`);
    const v = await runCli(['--case', s.dirs[kind], 'verify'], env);
    assert.equal(v.code, 0, `${kind}: ${v.stdout}${v.stderr}`);
  }
  // An older case (schema 8): the index's tables and migration record removed; opening it writable fills it.
  const old = join(mkdtempSync(join(tmpdir(), 'vigie-search-old-')), 'case');
  cpSync(s.dirs.sqlite, old, { recursive: true });
  const db = new Database(join(old, 'case.sqlite'));
  // Migrations 10, 11 and 13 (referrals, own accounts and self-production, thumbnails) come after it: removed too.
  db.exec(
    'DROP TABLE search_fts; DROP TABLE search_doc; DROP TABLE referral; DROP TABLE own_account; ' +
      'DROP TABLE cluster_production; DROP TABLE thumbnail; DELETE FROM schema_migration WHERE version >= 9',
  );
  db.close();
  const before = await keysOn(s.dirs.sqlite);
  const migrated = await openCase(old);
  await migrated.close();
  assert.deepEqual(await keysOn(old, {}), before, 'the migration fills the index of an older case');
});
