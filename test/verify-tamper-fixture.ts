/** A real case built through the CLI (overlapping imports, link, returns, hash list, hash/match/analyse), to tamper with. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, type CliResult } from './helpers/cli.js';
import { benignJpeg, msg, writeExport } from './import-factory.js';
import { TZ, writeBoth } from './html-both-fixture.js';

/** The generated channel both overlapping exports hold. */
export const CHAT = 'telegram:channel777001';
const REAL = resolve('../shared/fixtures/telegram-real');
const T0 = Date.UTC(2025, 0, 10, 8) / 1000;

/** What the base case holds, for tampering tests. */
export interface BaseCase {
  readonly dir: string;
  /** SHA-256 of the photo of message 2 (in the hash list) and of message 3. */
  readonly photo2: string;
  readonly photo3: string;
}

function channel(messages: unknown[]): Record<string, unknown> {
  return { name: 'Benign test channel', type: 'public_channel', id: 777001, messages };
}

/** Run the CLI on a case and require exit 0. */
export async function ok(dir: string, ...args: string[]): Promise<CliResult> {
  const r = await runCli(['--case', dir, ...args], { VIGIE_USER: 'tester' });
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r;
}

/** Build the base case once: two overlapping generated exports with photos and an edit, two overlapping real
 * exports, an HTML twin linked to its JSON chat, a return, a hash list, then hash, match and analyse. */
export async function buildBaseCase(opts: { small?: boolean } = {}): Promise<BaseCase> {
  const root = mkdtempSync(join(tmpdir(), 'vigie-tamper-'));
  const dir = join(root, 'case');
  const init = await runCli(['init', dir, '--name', 'Tamper test', '--home', 'FR']);
  assert.equal(init.code, 0, init.stderr);
  const p2 = await benignJpeg(2, 64);
  const p3 = await benignJpeg(3, 64);
  const p7 = await benignJpeg(7, 64);
  const photo = (id: number, t: number, file: string): Record<string, unknown> =>
    msg(id, t, 'Ann', 'user123', `photo ${id}`, { photo: file, width: 64, height: 64 });
  const a = writeExport(
    join(root, 'export-a'),
    channel([
      msg(1, T0, 'Ann', 'user123', 'hello'),
      photo(2, T0 + 60, 'photos/p2.jpg'),
      photo(3, T0 + 120, 'photos/p3.jpg'),
      msg(4, T0 + 180, 'Ben', 'user456', 'plain words'),
      msg(5, T0 + 240, 'Ann', 'user123', 'first wording'),
      msg(6, T0 + 300, 'Ben', 'user456', 'six'),
    ]),
    { 'photos/p2.jpg': p2, 'photos/p3.jpg': p3 },
  );
  const b = writeExport(
    join(root, 'export-b'),
    channel([
      msg(4, T0 + 180, 'Ben', 'user456', 'plain words'),
      msg(5, T0 + 240, 'Ann', 'user123', 'second wording', {
        edited: new Date((T0 + 900) * 1000).toISOString().slice(0, 19),
        edited_unixtime: String(T0 + 900),
      }),
      msg(6, T0 + 300, 'Ben', 'user456', 'six'),
      photo(7, T0 + 360, 'photos/p7.jpg'),
      msg(8, T0 + 420, 'Cid', 'user789', 'eight'),
    ]),
    { 'photos/p7.jpg': p7 },
  );
  await ok(dir, 'import', a, '--account', 'UC-A');
  await ok(dir, 'import', b, '--account', 'UC-B');
  if (opts.small) return smallRest(dir, root, p2, p3);
  await ok(dir, 'import', '--account', 'UC-T', join(REAL, 'tg2md-channel-2020'), '--tz', 'UTC');
  await ok(dir, 'import', '--account', 'UC-T', join(REAL, 'tg2md-channel-2021'), '--tz', 'UTC');
  const both = writeBoth();
  await ok(dir, 'import', '--account', 'UC-T', join(both, 'result.json'));
  await ok(dir, 'import', '--account', 'UC-T', join(both, 'messages.html'), '--tz', TZ);
  const raw = new Database(join(dir, 'case.sqlite'), { readonly: true });
  const html = (
    raw.prepare("SELECT id FROM chat WHERE id LIKE 'telegram:html-chat-%'").get() as { id: string }
  ).id;
  raw.close();
  await ok(dir, 'link', html, 'telegram:channel555001');
  const ret = join(root, 'return.csv');
  writeFileSync(
    ret,
    'user_id,phone,ip,seen_at\n123,+33612345678,192.0.2.10,2025-01-10T08:00:00Z\n456,,198.51.100.7,2025-01-10T09:00:00Z\n',
  );
  await ok(dir, 'returns', 'add', ret, '--label', 'REQ-1');
  const list = join(root, 'known.txt');
  writeFileSync(list, `${createHash('md5').update(p2).digest('hex')}\n${'e'.repeat(32)}\n`);
  await ok(dir, 'hashlist', 'add', list, '--name', 'known');
  // The HTML/JSON twin's clip.mp4 is a stand-in, not a video: hashing records one MEDIA_UNDECODABLE issue (exit 3).
  const hashed = await runCli(['--case', dir, 'hash'], { VIGIE_USER: 'tester' });
  assert.equal(hashed.code, 3, hashed.stderr);
  assert.match(hashed.stderr, /MEDIA_UNDECODABLE: .*ffprobe/);
  await ok(dir, 'match');
  await ok(dir, 'analyse');
  const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
  return { dir, photo2: sha(p2), photo3: sha(p3) };
}

/** The small base case's rest: a return, a hash list, then hash, match and analyse (no real exports, no link). */
async function smallRest(dir: string, root: string, p2: Buffer, p3: Buffer): Promise<BaseCase> {
  const ret = join(root, 'return.csv');
  writeFileSync(ret, 'user_id,phone,ip,seen_at\n123,+33612345678,192.0.2.10,2025-01-10T08:00:00Z\n');
  await ok(dir, 'returns', 'add', ret, '--label', 'REQ-1');
  const list = join(root, 'known.txt');
  writeFileSync(list, `${createHash('md5').update(p2).digest('hex')}\n`);
  await ok(dir, 'hashlist', 'add', list, '--name', 'known');
  await ok(dir, 'hash');
  await ok(dir, 'match');
  await ok(dir, 'analyse');
  const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
  return { dir, photo2: sha(p2), photo3: sha(p3) };
}

let n = 0;
/** A copy of the base case to tamper with. */
export function copyCase(base: BaseCase): string {
  const dir = join(mkdtempSync(join(tmpdir(), `vigie-tampered-${++n}-`)), 'case');
  cpSync(base.dir, dir, { recursive: true });
  return dir;
}

/** Run SQL on a case's database behind Vigie's back. */
export function tamper(dir: string, sql: string, ...params: unknown[]): void {
  const raw = new Database(join(dir, 'case.sqlite'));
  try {
    raw.prepare(sql).run(...params);
  } finally {
    raw.close();
  }
}

/** One finding of `vigie verify --json`. */
export interface JsonFinding {
  check: string;
  kind: string;
  table?: string;
  source?: string;
  chat?: string;
  message?: number;
  field?: string;
  expected?: unknown;
  found?: unknown;
  detail: string;
}

/** Run `vigie verify --json` (optionally --replay): exit code, findings and stderr. */
export async function verify(
  dir: string,
  replay = false,
): Promise<{ code: number; findings: JsonFinding[]; stderr: string; ok: boolean }> {
  const r = await runCli(['--case', dir, '--json', 'verify', ...(replay ? ['--replay'] : [])]);
  const out = JSON.parse(r.stdout) as { ok: boolean; findings: JsonFinding[] };
  return { code: r.code, findings: out.findings, stderr: r.stderr, ok: out.ok };
}
