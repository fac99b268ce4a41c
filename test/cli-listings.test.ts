// The CLI's listings on a small demo case (issue 17): camelCase in every `--json` key, prefixes for media and
// actors (unique, too short, ambiguous → USAGE exit 2 listing the candidates), `--format csv` through the one CSV
// writer with formula cells neutralised, invalid values echoed, tables with headers, and the new listings (sources,
// issues, runs, returns list) alike on SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { copyOfBuiltCase } from './helpers/built-case.js';
import { caseOn } from './helpers/copy-to-postgres.js';
import { DATABASES } from './helpers/databases.js';

const built = copyOfBuiltCase('demo-small', 'sqlite');

/** Run the CLI on the demo case and parse its JSON answer (exit 0 expected). */
async function json(args: string[], dir?: string): Promise<unknown> {
  const r = await runCli([...args, '--case', dir ?? (await built).caseDir, '--json']);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as unknown;
}

/** Keys that predate the rule, kept beside their camelCase twins (`media SHA256 --json`'s occurrences). */
const LEGACY = new Set(['chat_id', 'message_id', 'source_id']);

/** Every key of a JSON value that is not camelCase, with its path (country codes as map keys are data). */
function badKeys(v: unknown, path: string, out: string[]): string[] {
  if (Array.isArray(v)) v.forEach((x, i) => badKeys(x, `${path}[${i}]`, out));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      const twin = LEGACY.has(k) && k.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()) in v;
      if (!/^[a-z][a-zA-Z0-9]*$/.test(k) && !/^[A-Z]{2}$/.test(k) && !twin) out.push(`${path}.${k}`);
      // An audit event's details are the hash-chained record as written (table names as keys): data, not fields.
      if (k !== 'details') badKeys(x, `${path}.${k}`, out);
    }
  return out;
}

test('every --json listing of the case uses camelCase keys', async () => {
  const media = (await json(['media'])) as { sha256: string }[];
  const actors = (await json(['actors'])) as { id: string }[];
  assert.ok(media.length > 0 && actors.length > 0);
  const listings = [
    ['stats'],
    ['sources'],
    ['chats'],
    ['media'],
    ['media', media[0]!.sha256],
    ['actors'],
    ['actor', actors[0]!.id],
    ['targets'],
    ['issues'],
    ['runs'],
    ['audit'],
    ['returns', 'list'],
    ['hashlist', 'list'],
    ['referrals'],
    ['search', 'the'],
  ];
  for (const args of listings)
    assert.deepEqual(badKeys(await json(args), args.join(' '), []), [], `vigie ${args.join(' ')} --json`);
});

test('media and actors are addressable by any unique prefix; too short or ambiguous is USAGE, exit 2', async () => {
  const { caseDir } = await built;
  const media = (await json(['media'])) as { sha256: string }[];
  const full = media[0]!.sha256;
  const one = (await json(['media', full.slice(0, 8)])) as { sha256: string };
  assert.equal(one.sha256, full);
  const short = await runCli(['media', full.slice(0, 7), '--case', caseDir, '--json']);
  assert.equal(short.code, 2);
  assert.match(short.stdout, /"code":"USAGE".*first 8\+ hex digits/);
  const actors = (await json(['actors'])) as { id: string }[];
  const id = actors.find((a) => a.id.startsWith('telegram:user'))!.id;
  assert.equal(((await json(['actor', id.replace('telegram:', '')])) as { id: string }).id, id);
  // Every command that takes an actor resolves a prefix the same way (`target`, `refer` too).
  const decided = (await json([
    'target',
    id.replace('telegram:', ''),
    '--decide',
    'reject',
    '--reason',
    'test',
  ])) as {
    actor: string;
  };
  assert.equal(decided.actor, id);
  // `media --actor` and `search --actor` take the same short forms as `actor` (they took full ids only).
  const posters = actors as { id: string; names: string[]; media: { new: number; known: number } }[];
  const poster = posters.find((a) => a.id !== id && a.id.startsWith('telegram:user') && a.media.new > 0)!;
  const bare = poster.id.replace('telegram:', '');
  const unique = [...bare]
    .map((_, n) => bare.slice(0, n + 1))
    .find((p) => posters.filter((a) => a.id.startsWith(`telegram:${p}`)).length === 1)!;
  const listed = (await json(['media', '--actor', unique])) as unknown[];
  assert.ok(listed.length > 0);
  assert.deepEqual(listed, await json(['media', '--actor', poster.id]));
  const word = /\p{L}+/u.exec(poster.names[0] ?? '')![0];
  const hits = (await json(['search', word, '--actor', unique])) as { items: { author: string | null }[] };
  assert.ok(hits.items.length > 0, word);
  assert.deepEqual(hits, await json(['search', word, '--actor', poster.id]));
  assert.ok(hits.items.every((h) => h.author === poster.id));
  // Two actors share `telegram:user1…` in the demo case: ambiguous, the candidates are named.
  const many = actors.filter((a) => a.id.startsWith('telegram:user1'));
  assert.ok(many.length >= 2);
  const amb = await runCli(['actor', 'user1', '--case', caseDir, '--json']);
  assert.equal(amb.code, 2, amb.stderr);
  const e = (JSON.parse(amb.stdout) as { error: { code: string; message: string } }).error;
  assert.equal(e.code, 'USAGE');
  assert.match(e.message, /ambiguous/);
  assert.ok(e.message.includes(many[0]!.id), e.message);
});

test('--format csv goes through the one CSV writer: a label that starts a formula is neutralised', async () => {
  const { caseDir, out } = await built;
  const file = join(out, 'small-return.csv');
  writeFileSync(file, 'user_id,phone,ip,seen_at\n123,+33612345678,192.0.2.1,2026-01-01T00:00:00Z\n');
  const add = await runCli(['returns', 'add', file, '--label', '=HYPERLINK("x")', '--case', caseDir]);
  assert.equal(add.code, 0, add.stderr);
  const r = await runCli(['returns', 'list', '--format', 'csv', '--case', caseDir]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\r\n');
  assert.equal(lines[0], 'source,label,issues,sha256');
  assert.ok(
    lines.some((l) => l.includes(`"'=HYPERLINK(""x"")"`)),
    r.stdout,
  );
  const media = await runCli(['media', '--format', 'csv', '--case', caseDir]);
  assert.match(
    media.stdout,
    /^sha256,kind,status,self-produced,seen,first seen,first poster,category,matches\r\n/,
  );
  // The listings that printed text of their own before (issue 17 audit) go through the same writer.
  for (const [args, header] of [
    [['clusters'], 'cluster,occurrences,chats,posters,media,originator,first seen'],
    [['search', 'the'], 'date,where,author,version,excerpt'],
    [['referrals'], 'sent,country,package,actors,by,flags,tag manifest'],
  ] as const) {
    const c = await runCli([...args, '--format', 'csv', '--case', caseDir]);
    assert.equal(c.code, 0, `${args.join(' ')}: ${c.stderr}`);
    assert.equal(c.stdout.split('\r\n')[0], header, args.join(' '));
  }
});

test('people get aligned tables with headers and a counted summary', async () => {
  const { caseDir } = await built;
  for (const [args, header, unit] of [
    [['actors'], /^score\s+actor\s+name\s+country/, /\d+ actors$/],
    [['targets', '--limit', '3'], /^rank\s+score\s+actor\s+name\s+country\s+top factors/, /^3 targets$/],
    [['sources'], /^source\s+kind\s+label/, /sources$/],
    [['runs', '--tz', 'Europe/Paris'], /^run\s+stage\s+status\s+started \(Europe\/Paris\)/, /runs$/],
    [
      ['clusters', '--limit', '2'],
      /^cluster\s+occurrences\s+chats\s+posters\s+media\s+originator/,
      /^2 clusters$/,
    ],
    [['search', 'the', '--limit', '2'], /^date\s+where\s+author\s+version\s+excerpt/, /^2 hits for the/],
  ] as const) {
    const r = await runCli([...args, '--case', caseDir]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', header, args.join(' '));
    assert.match(lines.at(-1) ?? '', unit, args.join(' '));
    assert.doesNotMatch(r.stdout, /\u001b\[/, 'no colour when stdout is not a terminal');
  }
});

test('an invalid value is echoed as typed, exit 2', async () => {
  const { caseDir } = await built;
  for (const [args, typed] of [
    [['targets', '--limit', 'abc'], 'abc'],
    [['search', 'x', '--limit', 'zz9'], 'zz9'],
    [['actors', '--format', 'xml'], 'xml'],
    [['runs', '--tz', 'Mars/Olympus'], 'Mars/Olympus'],
    [['issues', '--severity', 'fatal'], 'fatal'],
    [['audit', '--since', 'yesterday'], 'yesterday'],
    [['clusters', '--limit', 'x7'], 'x7'],
    // A listing without a time column checks --tz all the same.
    [['actors', '--tz', 'Mars/Olympus'], 'Mars/Olympus'],
  ] as const) {
    const r = await runCli([...args, '--case', caseDir, '--json']);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    const e = (JSON.parse(r.stdout) as { error: { code: string; message: string } }).error;
    assert.equal(e.code, 'USAGE');
    assert.ok(e.message.includes(typed), e.message);
    assert.doesNotMatch(e.message, /NaN/);
  }
});

test('sources, runs, issues and audit read the same on every database', async () => {
  const { caseDir } = await built;
  const answers: string[] = [];
  for (const db of DATABASES) {
    const dir = await caseOn(db, caseDir);
    const all = [];
    for (const args of [['sources'], ['runs'], ['issues'], ['returns', 'list']])
      all.push(await json(args, dir));
    const audit = (await json(['audit', '--since', '2000-01-01'], dir)) as { seq: number }[];
    assert.ok(audit.length > 0);
    all.push(audit.map((e) => e.seq));
    answers.push(JSON.stringify(all));
  }
  for (const a of answers.slice(1)) assert.equal(a, answers[0]);
});
