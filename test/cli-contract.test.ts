// The CLI's contract for scripts (issue 17): usage errors exit 2 with `USAGE:`, `--json` errors are one JSON object
// on stdout with the same exit code, a closed standard output ends quietly with exit 0, and every listing that
// needs an analysis says NOT_ANALYSED the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, runCli } from './helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'vigie-contract-'));
const fresh = join(root, 'case');

/** The one JSON error object a `--json` run printed on stdout. */
function jsonError(stdout: string): { code: string; message: string } {
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 1, `one line on stdout: ${stdout}`);
  const doc = JSON.parse(lines[0] ?? '') as { error: { code: string; message: string } };
  assert.equal(typeof doc.error.message, 'string');
  return doc.error;
}

test('usage errors exit 2 and say USAGE, in text and as a JSON error', async () => {
  const cases: [string[], RegExp][] = [
    [['nosuch'], /unknown command 'nosuch'/],
    [['import'], /missing required argument 'paths'/],
    [['stats', '--no-such-option'], /unknown option '--no-such-option'/],
    [['keys'], /a command is required/],
    [[], /a command is required/],
  ];
  for (const [args, why] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `vigie ${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^USAGE: .*${why.source}`, 'm'), args.join(' '));
    assert.doesNotMatch(r.stderr, /^error:|\n\s+at /m, 'no commander prefix, no stack');
    const j = await runCli([...args, '--json']);
    assert.equal(j.code, 2);
    const e = jsonError(j.stdout);
    assert.equal(e.code, 'USAGE');
    assert.match(e.message, why);
  }
});

test('help and version are not errors', async () => {
  for (const args of [['--help'], ['--version'], ['import', '--help']]) {
    const r = await runCli(args);
    assert.equal(r.code, 0, args.join(' '));
    assert.ok(r.stdout.length > 0);
  }
});

test('an application error under --json is one object on stdout with the same exit code', async () => {
  const r = await runCli(['stats', '--case', join(root, 'missing'), '--json']);
  assert.equal(r.code, 2);
  assert.equal(jsonError(r.stdout).code, 'CASE_NOT_FOUND');
  assert.match(r.stderr, /^CASE_NOT_FOUND: /m);
});

test('every listing that needs an analysis answers NOT_ANALYSED on a case not analysed', async () => {
  assert.equal((await runCli(['init', fresh])).code, 0);
  for (const args of [
    ['actors'],
    ['actor', 'user1'],
    ['targets'],
    ['graph', '--out', join(root, 'g.gexf')],
  ]) {
    const r = await runCli([...args, '--case', fresh, '--json']);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(jsonError(r.stdout).code, 'NOT_ANALYSED', args.join(' '));
    assert.match(r.stderr, /run `vigie analyse` first/);
  }
});

test('a standard output closed by the reader (`| head`) ends quietly with exit 0', async () => {
  for (const args of [['--help'], ['stats', '--case', fresh, '--json']]) {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((res, rej) => {
      const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      // The reader goes away before the command writes anything.
      child.stdout.destroy();
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', rej);
      child.on('close', (c) => res({ code: c, stderr: err }));
    });
    assert.equal(code, 0, `${args.join(' ')}: ${stderr}`);
    assert.doesNotMatch(stderr, /EPIPE|INTERNAL|\n\s+at /);
  }
});
