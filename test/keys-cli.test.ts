import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'vigie-keys-'));

test('keys create writes a 0600 private key, refuses an existing name; show --json gives a stable fingerprint', async () => {
  const env = { VIGIE_KEY_DIR: join(tmp(), 'keys') };
  const created = await runCli(['--json', 'keys', 'create', '--name', 'UNIT-1'], env);
  assert.equal(created.code, 0, created.stderr);
  const k = JSON.parse(created.stdout);
  assert.equal(statSync(k.privateKeyFile).mode & 0o777, 0o600);
  assert.equal(statSync(env.VIGIE_KEY_DIR).mode & 0o777, 0o700);
  assert.equal(k.default, true, 'the first key signs by default');
  const der = createPublicKey(readFileSync(join(env.VIGIE_KEY_DIR, 'UNIT-1.pub'), 'utf8')).export({
    type: 'spki',
    format: 'der',
  });
  assert.equal(k.fingerprint, createHash('sha256').update(der).digest('hex'));

  const again = await runCli(['keys', 'create', '--name', 'UNIT-1'], env);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /^KEY_EXISTS: .*UNIT-1\.key: a key named UNIT-1 already exists/);

  const show1 = JSON.parse((await runCli(['--json', 'keys', 'show'], env)).stdout);
  const show2 = JSON.parse((await runCli(['--json', 'keys', 'show', '--name', 'UNIT-1'], env)).stdout);
  assert.equal(show1.fingerprint, k.fingerprint);
  assert.equal(show2.fingerprint, k.fingerprint);
  assert.match(show1.publicKeyPem, /^-----BEGIN PUBLIC KEY-----\n/);
  const text = await runCli(['keys', 'show'], env);
  assert.match(text.stdout, new RegExp(`fingerprint: sha256 ${k.fingerprint}`));

  const second = JSON.parse(
    (await runCli(['--json', 'keys', 'create', '--name', 'UNIT-2', '--default'], env)).stdout,
  );
  assert.notEqual(second.fingerprint, k.fingerprint);
  assert.equal(JSON.parse((await runCli(['--json', 'keys', 'show'], env)).stdout).name, 'UNIT-2');
  assert.equal(
    JSON.parse((await runCli(['--json', 'keys', 'show'], { ...env, VIGIE_KEY: 'UNIT-1' })).stdout).name,
    'UNIT-1',
  );
  const list = JSON.parse((await runCli(['--json', 'keys', 'list'], env)).stdout);
  assert.deepEqual(
    list.map((x: { name: string; default: boolean }) => [x.name, x.default]),
    [
      ['UNIT-1', false],
      ['UNIT-2', true],
    ],
  );
  assert.equal((await runCli(['keys', 'show', '--name', 'nope'], env)).code, 2);
  assert.equal((await runCli(['keys', 'create', '--name', '../x'], env)).code, 2);
});

test('keys create refuses a key folder inside a case folder', async () => {
  const c = join(tmp(), 'case');
  assert.equal((await runCli(['init', c])).code, 0);
  const r = await runCli(['keys', 'create', '--name', 'UNIT'], { VIGIE_KEY_DIR: join(c, 'derived', 'keys') });
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /^USAGE: .*derived\/keys: inside the case folder .*case; a private key must never travel with a case/,
  );
  assert.equal(existsSync(join(c, 'derived', 'keys')), false);
});

test('a private key readable by others is refused when signing, naming the file', async () => {
  const dir = tmp();
  const env = { VIGIE_KEY_DIR: join(dir, 'keys'), VIGIE_ANCHOR_DIR: join(dir, 'anchors') };
  assert.equal((await runCli(['keys', 'create', '--name', 'UNIT'], env)).code, 0);
  chmodSync(join(env.VIGIE_KEY_DIR, 'UNIT.key'), 0o644);
  const r = await runCli(['init', join(dir, 'case')], env);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /^KEY_INVALID: .*UNIT\.key: mode 0644: a private key must be readable by its owner only/,
  );
});
