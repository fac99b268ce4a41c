// The command line's exports, labels and progress (issue 17) on one copy of the small demo case (and its
// PostgreSQL twin): `media --new --format vics` is a VICS 2.0 `#Cases` file of exactly the new media that Vigie's own
// VICS reader reads back; `import` refuses an export that does not name its owner without `--account` (USAGE, exit
// 2, nothing written); `source label` relabels a source, audited, and `vigie verify` still passes; progress bars go
// to stderr only on a terminal (run under `script`), never when piped or with `--json`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, runCli } from './helpers/cli.js';
import { copyOfBuiltCase } from './helpers/built-case.js';
import { caseOn } from './helpers/copy-to-postgres.js';
import { DATABASES, type TestDatabase } from './helpers/databases.js';
import { hashListFormat, type HashListEntry } from '../src/formats/hashlists/registry.js';

const built = copyOfBuiltCase('demo-small', 'sqlite');
/** The case on every database, the PostgreSQL twin copied before any test changes the SQLite case. */
const cases = built.then(async (b) => {
  const out = new Map<TestDatabase, string>();
  for (const db of DATABASES) out.set(db, await caseOn(db, b.caseDir));
  return out;
});

type Json = Record<string, unknown>;

/** Run the CLI on a case and parse its JSON answer (exit 0 expected). */
async function json(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<unknown> {
  const r = await runCli([...args, '--case', dir, '--json'], env);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as unknown;
}

/** The entries Vigie's own VICS hash-list reader finds in a file. */
async function readBack(text: string): Promise<HashListEntry[]> {
  async function* one(): AsyncIterable<Buffer> {
    yield Buffer.from(text, 'utf8');
  }
  const out: HashListEntry[] = [];
  for await (const e of hashListFormat('vics').parse(one(), { fileName: 'new.json', meta: {} })) out.push(e);
  return out;
}

test('media --new --format vics: a VICS 2.0 file of the new media only, with their hashes, on every database', async () => {
  const media: string[] = [];
  for (const [db, dir] of await cases) {
    const r = await runCli(['media', '--new', '--format', 'vics', '--case', dir]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { '@odata.context': string; value: Json[] };
    const list = doc.value[0]!['Media'] as Json[];
    // Pseudonyms derive from the case key (its name and creation time), which the twin's copy does not keep.
    media.push(JSON.stringify(list).replace(/P-[0-9a-f]{12}/g, 'P-…'));
    if (db !== 'sqlite') continue;
    const items = (await json(dir, ['media', '--new'])) as { sha256: string; md5: string | null }[];
    assert.ok(items.length > 0);
    assert.match(doc['@odata.context'], /ProjectVic\/DataModels\/2\.0\.xml\/US\/\$metadata#Cases$/);
    assert.equal(doc.value.length, 1);
    assert.equal(doc.value[0]!['TotalMediaFiles'], items.length);
    assert.equal(list.length, items.length, 'one Media per new media, no other');
    const sha256Of = (m: Json): string =>
      (m['AlternativeHashes'] as { HashName: string; HashValue: string }[]).find(
        (h) => h.HashName === 'SHA256',
      )!.HashValue;
    assert.deepEqual(
      list.map(sha256Of),
      items.map((i) => i.sha256),
    );
    list.forEach((m, i) => {
      assert.equal(m['MD5'], items[i]!.md5?.toUpperCase(), 'MD5 of the media');
      assert.match(String(m['SHA1']), /^[0-9A-F]{40}$/);
      assert.ok((m['MediaFiles'] as unknown[]).length >= 1, 'every post of it');
    });
    // Vigie's own VICS reader (`vigie hashlist add`) reads the file back: MD5, SHA-1 and SHA-256 of every media.
    const back = await readBack(r.stdout);
    const of = (t: string): string[] =>
      back
        .filter((e) => e.signalType === t)
        .map((e) => e.value)
        .sort();
    assert.deepEqual(of('sha256'), items.map((i) => i.sha256).sort());
    assert.deepEqual(of('md5'), items.map((i) => i.md5!).sort());
    assert.equal(of('sha1').length, items.length);
    // --out writes the same file and says so (JSON with --json).
    const file = join(dir, '..', 'new-media.json');
    const saved = (await json(dir, ['media', '--new', '--format', 'vics', '--out', file])) as Json;
    assert.deepEqual(saved, { file, media: items.length });
    assert.equal(readFileSync(file, 'utf8'), r.stdout);
    const known = await runCli(['media', '--known', '--format', 'vics', '--case', dir, '--json']);
    assert.equal(known.code, 2);
    assert.match(known.stdout, /"code":"USAGE".*--format vics/);
  }
  for (const m of media.slice(1)) assert.equal(m, media[0], 'the same Media on every database');
});

test('import needs --account unless the export names its owner; source label sets it, audited; verify passes', async () => {
  const { out } = await built;
  const exportsOf = (prefix: string): string[] =>
    readdirSync(join(out, 'exports')).flatMap((acc) =>
      readdirSync(join(out, 'exports', acc))
        .filter((d) => d.startsWith(prefix))
        .map((d) => join(out, 'exports', acc, d)),
    );
  for (const [db, dir] of await cases) {
    // The twin has the same case id: its changes are anchored in a journal of its own.
    const env = db === 'sqlite' ? {} : { VIGIE_ANCHOR_DIR: `${process.env['VIGIE_ANCHOR_DIR']}-${db}` };
    const before = (await json(dir, ['sources'], env)) as {
      id: string;
      kind: string;
      label: string | null;
    }[];
    const src = before.find((s) => s.kind === 'telegram-json')!;
    if (db === 'sqlite') {
      const refused = await runCli(['import', exportsOf('ChatExport')[0]!, '--case', dir, '--json']);
      assert.equal(refused.code, 2, refused.stderr);
      const e = (JSON.parse(refused.stdout) as { error: { code: string; message: string } }).error;
      assert.equal(e.code, 'USAGE');
      assert.match(e.message, /--account LABEL is required: this export does not name its owner/);
      // A full-account export names its owner (personal_information): no --account needed.
      for (const full of exportsOf('DataExport').slice(0, 1))
        assert.equal((await runCli(['import', full, '--case', dir])).code, 0);
      assert.deepEqual(await json(dir, ['sources']), before, 'nothing written by the refused import');
      const list = before.find((s) => s.kind === 'hash-list')!;
      const bad = await runCli(['source', 'label', list.id, 'x', '--case', dir]);
      assert.equal(bad.code, 2);
      assert.match(
        bad.stderr,
        /^USAGE: source hashlist-\w+ is a hash-list: only exports and returns have a label/,
      );
    }
    const r = (await json(dir, ['source', 'label', src.id.slice(0, 9), 'UC-Z (relabelled)'], env)) as Json;
    assert.deepEqual(
      [r['source'], r['from'], r['label'], r['changed']],
      [src.id, src.label, 'UC-Z (relabelled)', true],
    );
    if (db === 'sqlite') {
      const after = (await json(dir, ['sources'])) as { id: string; label: string | null }[];
      assert.equal(after.find((s) => s.id === src.id)?.label, 'UC-Z (relabelled)');
      const audit = (await json(dir, ['audit'])) as { command: string; subject: string; details: Json }[];
      const ev = audit.find((x) => x.command === 'source label')!;
      assert.deepEqual(
        [ev.subject, ev.details['from'], ev.details['to']],
        [src.id, src.label, 'UC-Z (relabelled)'],
      );
      const again = (await json(dir, ['source', 'label', src.id, 'UC-Z (relabelled)'])) as Json;
      assert.equal(again['changed'], false);
    }
    const v = await runCli(['verify', '--case', dir], env);
    assert.equal(v.code, 0, `${db}: ${v.stdout}${v.stderr}`);
  }
});

test('progress bars are drawn on stderr only when it is a terminal, never when piped or with --json', async () => {
  const dir = (await cases).get('sqlite')!;
  const piped = await runCli(['verify', '--case', dir]);
  assert.equal(piped.code, 0, piped.stderr);
  assert.doesNotMatch(piped.stderr, /[█░\r]|\u001b\[/, 'nothing drawn when stderr is a pipe');
  // Under a pseudo-terminal (util-linux `script`), the stages of verify draw their bars with their counts.
  const tty = (args: string): string =>
    spawnSync('script', ['-qec', `'${process.execPath}' '${CLI}' --case '${dir}' ${args}`, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    }).stdout;
  const shown = tty('verify');
  assert.match(shown, /verified: OK/);
  assert.match(shown, /evidence\s+█+ 100% (\d+)\/\1 /, 'the evidence bar, full at the end');
  assert.match(shown, /checks\s+[█░]+ +\d+% \d+\/\d+/);
  const quiet = tty('verify --json');
  assert.match(quiet, /"ok": true/);
  assert.doesNotMatch(quiet, /[█░]/, 'no bar with --json');
});
