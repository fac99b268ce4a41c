// Table exports (`GET …/exports/{table}`) on a copy of the shared small demo case plus a tiny hand-made export whose
// poster is named `=HYPERLINK(…)`: CSV neutralises that cell; the JSON export equals the JSON listing read page by
// page; CSV has one line per item; each export is an audit event naming the table, rows and the SHA-256 of what
// left; roles as the listings'; the media export passes every filter of the media list; a media whose PDQ quality
// is lowered under 50 is `uncertain` (the filter, its why, apart from new). SQLite and its PostgreSQL twin.
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
import { caseSql } from './helpers/case-sql.js';
import { openCase } from '../src/app/context.js';
import { listMedia } from '../src/app/list-media.js';

const FORMULA = '=HYPERLINK("http://example.invalid","click")';
const POSTER = 'telegram:user4242424242';

let world: ApiWorld;
/** The new media whose PDQ quality the test lowers under 50 (so `uncertain`). */
let uncertainSha = '';
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
  const ctx = await openCase(copy.caseDir, { readonly: true });
  uncertainSha = (await listMedia(ctx, { statuses: ['new'], limit: 1 }))[0]!.sha256;
  await ctx.close();
  await caseSql(
    copy.caseDir,
    `UPDATE signal SET quality = 12 WHERE sha256 = ? AND type = 'pdq'`,
    uncertainSha,
  );
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
        'id,names,chats,messages,newClustersOriginated,community,pagerank,betweenness,country,probability,undercover',
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

    test('the media export passes every filter of the media view: two filters give only the matching rows', async () => {
      const chats = await world.call('ana', 'GET', `${base()}/chats?limit=1000`);
      const busiest = (chats.json() as { items: { id: string; messages: number }[] }).items.sort(
        (a, b) => b.messages - a.messages,
      )[0]!.id;
      const byStatus = await listing(`${base()}/media`, '&status=new');
      const extra = `&status=new&chat=${encodeURIComponent(busiest)}`;
      const both = (await listing(`${base()}/media`, extra)) as { sha256: string; status: string }[];
      assert.ok(both.length > 0 && both.length < byStatus.length, 'the chat filter cuts the status filter');
      const json = await world.call('ana', 'GET', `${base()}/exports/media?format=json${extra}`);
      assert.deepEqual(json.json(), both, 'export = listing with both filters');
      const csv = await world.call('ana', 'GET', `${base()}/exports/media?format=csv${extra}`);
      const lines = csvLines(csv.body);
      const shas = new Set(both.map((m) => m.sha256));
      assert.equal(lines.length, both.length + 1);
      for (const l of lines.slice(1)) {
        const [sha, , , , status] = l.split(',');
        assert.ok(shas.has(sha!) && status === 'new', l);
      }
      const audit = await world.call('aud', 'GET', `${base()}/audit?command=export&limit=1000`);
      const seq = Number(csv.headers['x-vigie-audit-seq']);
      const ev = (
        audit.json() as { items: Array<{ seq: number; details: Record<string, unknown> }> }
      ).items.find((e) => e.seq === seq);
      assert.deepEqual(ev?.details['filters'], { status: 'new', chat: busiest });
    });

    test('uncertain media: the filter lists the one under PDQ quality 50, with why, never among new', async () => {
      const r = await world.call('ana', 'GET', `${base()}/media?status=uncertain&limit=1000`);
      assert.equal(r.statusCode, 200, r.body);
      type Why = { quality: number | null; threshold: number; reason: string };
      const items = (r.json() as { items: Array<{ sha256: string; status: string; uncertain?: Why }> }).items;
      const mine = items.find((m) => m.sha256 === uncertainSha);
      assert.deepEqual(
        [mine?.status, mine?.uncertain?.quality, mine?.uncertain?.threshold],
        ['uncertain', 12, 50],
      );
      assert.match(mine!.uncertain!.reason, /PDQ quality 12 under 50/);
      for (const m of items)
        assert.ok(m.status === 'uncertain' && (m.uncertain?.quality ?? 0) < 50, m.sha256);
      const news = (await listing(`${base()}/media`, '&status=new')) as { sha256: string }[];
      assert.ok(!news.some((m) => m.sha256 === uncertainSha), 'not among new media');
      const one = await world.call('ana', 'GET', `${base()}/media/${uncertainSha}`);
      assert.deepEqual((one.json() as { uncertain: unknown }).uncertain, mine!.uncertain);
      const stats = await world.call('ana', 'GET', `${base()}/stats`);
      assert.equal((stats.json() as { uncertainMedia: number }).uncertainMedia, items.length);
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
