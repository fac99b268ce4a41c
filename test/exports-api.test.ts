// Table exports (`GET …/exports/{table}`) on a copy of the shared small demo case plus a tiny hand-made export whose
// poster is named `=HYPERLINK(…)`: CSV neutralises that cell; the JSON export equals the JSON listing read page by
// page; CSV has one line per item; each export is an audit event naming the table, rows and the SHA-256 of what
// left; roles as the listings'. SQLite and its PostgreSQL twin.
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { copyOfBuiltCase } from './helpers/built-case.js';
import { caseOn } from './helpers/copy-to-postgres.js';
import { DATABASES, type TestDatabase } from './helpers/databases.js';
import { apiWorld, type ApiWorld } from './triage-api-helpers.js';
import { msg, writeExport } from './import-factory.js';

const FORMULA = '=HYPERLINK("http://example.invalid","click")';
const POSTER = 'telegram:user4242424242';

let world: ApiWorld;
const caseOf: Partial<Record<TestDatabase, string>> = {};

async function must(args: string[]): Promise<void> {
  const r = await runCli(args);
  assert.equal(r.code, 0, `vigie ${args.join(' ')}: ${r.stderr}`);
}

before(async () => {
  const copy = await copyOfBuiltCase('demo-small', 'sqlite');
  const t0 = Date.parse('2026-10-01T10:00:00Z') / 1000;
  const dir = writeExport(join(copy.out, 'formula-export'), {
    name: 'Formula Test Group',
    type: 'private_supergroup',
    id: 4242,
    messages: [
      msg(1, t0, FORMULA, 'user4242424242', 'quarterly zanzibar figures attached'),
      msg(2, t0 + 60, FORMULA, 'user4242424242', '+33 6 00 00 00 00 zanzibar'),
    ],
  });
  await must(['--case', copy.caseDir, 'import', dir, '--account', 'UC-T']);
  await must(['--case', copy.caseDir, 'analyse']);
  caseOf.sqlite = 'case';
  if (DATABASES.includes('postgres')) {
    await caseOn('postgres', copy.caseDir);
    caseOf.postgres = 'case-pg';
  }
  world = await apiWorld(
    copy.out,
    [
      ['ana', 'analyst'],
      ['lia', 'liaison'],
      ['aud', 'auditor'],
    ],
    Object.values(caseOf),
  );
});
after(async () => world.app.close());

/** Every item of a listing, read page by page (small pages, so several). */
async function listing(path: string, extra = ''): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let cursor: string | null = ''; cursor !== null;) {
    const r = await world.call('ana', 'GET', `${path}?limit=7${extra}${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.statusCode, 200, r.body);
    const b = r.json() as { items: unknown[]; nextCursor: string | null };
    out.push(...b.items);
    cursor = b.nextCursor;
  }
  return out;
}

/** RFC 4180 lines of a CSV (no cell of these tables holds a line break, checked). */
function csvLines(text: string): string[] {
  assert.ok(text.endsWith('\r\n'));
  return text.slice(0, -2).split('\r\n');
}

for (const db of DATABASES)
  describe(`[${db}] exports`, () => {
    const base = () => `/api/v1/cases/${caseOf[db]!}`;

    test('CSV of the actors neutralises the formula cell; a download, not a page', async () => {
      const r = await world.call('ana', 'GET', `${base()}/exports/actors?format=csv`);
      assert.equal(r.statusCode, 200, r.body);
      assert.match(String(r.headers['content-type']), /^text\/csv/);
      assert.match(
        String(r.headers['content-disposition']),
        /^attachment; filename="case(-pg)?-actors\.csv"$/,
      );
      const lines = csvLines(r.body);
      assert.equal(
        lines[0],
        'id,names,chats,messages,newClustersOriginated,community,pagerank,betweenness,country,probability',
      );
      const row = lines.find((l) => l.startsWith(`${POSTER},`));
      assert.ok(row, 'the poster of the hand-made export is exported');
      assert.ok(row.startsWith(`${POSTER},"'=HYPERLINK(""http://example.invalid"",""click"")"`), row);
      assert.ok(!lines.some((l) => /(^|,)"?[=+@]/.test(l)), 'no cell starts a formula');
    });

    test('the JSON export equals the JSON listing read page by page; CSV has one line per item', async () => {
      for (const [table, extra] of [
        ['actors', ''],
        ['targets', ''],
        ['media', '&status=new'],
      ] as const) {
        const all = await listing(`${base()}/${table}`, extra);
        const json = await world.call('ana', 'GET', `${base()}/exports/${table}?format=json${extra}`);
        assert.equal(json.statusCode, 200, json.body);
        assert.deepEqual(json.json(), all, `${table}: export = listing`);
        const csv = await world.call('ana', 'GET', `${base()}/exports/${table}?format=csv${extra}`);
        assert.equal(csvLines(csv.body).length, all.length + 1, `${table}: header + one line per item`);
      }
      const hits = await world.call('ana', 'GET', `${base()}/search?q=zanzibar&limit=1000`);
      const search = await world.call('ana', 'GET', `${base()}/exports/search?format=json&q=zanzibar`);
      assert.deepEqual(search.json(), (hits.json() as { items: unknown[] }).items);
      assert.equal((search.json() as unknown[]).length, 2);
      const csv = await world.call('ana', 'GET', `${base()}/exports/search?q=zanzibar`);
      const lines = csvLines(csv.body);
      assert.equal(lines.length, 3);
      for (const l of lines.slice(1)) assert.ok(l.includes(`,"'=HYPERLINK(`), `authorName neutralised: ${l}`);
    });

    test('each export is an audit event of the person: table, filters, rows and the digest of what left', async () => {
      const r = await world.call('ana', 'GET', `${base()}/exports/media?format=csv&status=known`);
      assert.equal(r.statusCode, 200);
      const seq = Number(r.headers['x-vigie-audit-seq']);
      const audit = await world.call('aud', 'GET', `${base()}/audit?command=export&limit=1000`);
      const ev = (
        audit.json() as {
          items: Array<{ seq: number; user: string; subject: string; details: Record<string, unknown> }>;
        }
      ).items.find((e) => e.seq === seq);
      assert.ok(ev, 'the export event');
      assert.equal(ev.user, 'ana');
      assert.equal(ev.subject, 'media');
      assert.deepEqual(ev.details['filters'], { status: 'known' });
      assert.equal(ev.details['rows'], csvLines(r.body).length - 1);
      assert.equal(ev.details['sha256'], createHash('sha256').update(r.rawPayload).digest('hex'));
    });

    test('roles: liaison exports actors and targets, not media or search; auditors none', async () => {
      assert.equal((await world.call('lia', 'GET', `${base()}/exports/targets`)).statusCode, 200);
      assert.equal((await world.call('lia', 'GET', `${base()}/exports/media`)).statusCode, 403);
      assert.equal((await world.call('lia', 'GET', `${base()}/exports/search?q=x`)).statusCode, 403);
      assert.equal((await world.call('aud', 'GET', `${base()}/exports/actors`)).statusCode, 403);
      assert.equal((await world.call(null, 'GET', `${base()}/exports/actors`)).statusCode, 401);
      const bad = await world.call('ana', 'GET', `${base()}/exports/media?format=xlsx`);
      assert.equal(bad.statusCode, 400);
    });
  });
