// The CLI's contract for scripts (issue 17): usage errors exit 2 with `USAGE:`, `--json` errors are one JSON object
// on stdout with the same exit code, a closed standard output ends quietly with exit 0, and every listing that
// needs an analysis says NOT_ANALYSED the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
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
    ['clusters'],
    ['target', 'user1', '--decide', 'accept', '--reason', 'r'],
    ['refer', 'user1', '--to', 'DE', '--out', join(root, 'pkg')],
  ]) {
    const r = await runCli([...args, '--case', fresh, '--json']);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(jsonError(r.stdout).code, 'NOT_ANALYSED', args.join(' '));
    assert.match(r.stderr, /run `npx vigie analyse` first/);
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

test('the top-level help lists every command in pipeline order without loading them; each has a module', async () => {
  const { HELP_GROUPS } = await import('../src/cli/help.js');
  const { COMMANDS } = await import('../src/cli/commands/index.js');
  const names = HELP_GROUPS.flatMap(([, list]) => list.map(([n]) => n));
  for (const n of names)
    assert.ok(
      COMMANDS.some(([c]) => c === n),
      `${n}: no command module`,
    );
  const r = await runCli(['--help']);
  assert.equal(r.code, 0);
  const listed = [...r.stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]);
  const order = names.map((n) => listed.indexOf(n));
  assert.ok(
    order.every((i, k) => i >= 0 && (k === 0 || i > (order[k - 1] ?? -1))),
    r.stdout,
  );
  assert.ok(
    listed.indexOf('init') < listed.indexOf('import') && listed.indexOf('import') < listed.indexOf('analyse'),
  );
});

test("every subcommand's help shows the global options; `vigie help X` is X's help", async () => {
  for (const args of [
    ['stats', '--help'],
    ['audit', 'head', '--help'],
    ['help', 'media'],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 0, args.join(' '));
    assert.match(r.stdout, /Global Options:[\s\S]*--case <dir>[\s\S]*--json/, args.join(' '));
  }
  assert.match((await runCli(['help', 'media'])).stdout, /^Usage: vigie media \[options\] \[sha256\]/);
});

test('`vigie completion bash|zsh` prints a script bash parses; another shell is USAGE', async () => {
  for (const shell of ['bash', 'zsh']) {
    const r = await runCli(['completion', shell]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /complete -o filenames -F _vigie vigie/);
    assert.match(r.stdout, /analyse/);
    const check = spawnSync('bash', ['-n'], { input: r.stdout.replace(/^autoload.*$/m, '') });
    assert.equal(check.status, 0, check.stderr.toString());
  }
  // bash really completes: a command from its first letters, then that command's options.
  const script = (await runCli(['completion', 'bash'])).stdout;
  const complete = (words: string[]): string =>
    spawnSync(
      'bash',
      [
        '-c',
        `${script}\nCOMP_WORDS=(${words.join(' ')}); COMP_CWORD=${words.length - 1}; _vigie; echo "\${COMPREPLY[*]}"`,
      ],
      {
        encoding: 'utf8',
      },
    ).stdout.trim();
  assert.equal(complete(['vigie', 'ana']), 'analyse');
  assert.equal(complete(['vigie', 'media', '--ne']), '--new');
  assert.equal(complete(['vigie', 'returns', 'li']), 'list');
  const bad = await runCli(['completion', 'fish', '--json']);
  assert.equal(bad.code, 2);
  assert.match(jsonError(bad.stdout).message, /fish/);
});
