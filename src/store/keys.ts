import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../domain/errors.js';
import { keyFingerprint, type SigningKey } from '../domain/anchor.js';

/** A unit key's public facts. */
export interface KeyInfo {
  name: string;
  /** SHA-256 (hex) of the public key's SPKI DER encoding. */
  fingerprint: string;
  /** The public key, SPKI PEM. */
  publicKeyPem: string;
  privateKeyFile: string;
  publicKeyFile: string;
  /** True when this is the key that signs by default. */
  default: boolean;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Where unit keys live: $VIGIE_KEY_DIR, else $XDG_CONFIG_HOME/vigie/keys, else ~/.config/vigie/keys. */
export function resolveKeyDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env['VIGIE_KEY_DIR'];
  if (explicit) return resolve(explicit);
  const config = env['XDG_CONFIG_HOME'];
  return config ? resolve(config, 'vigie', 'keys') : join(homedir(), '.config', 'vigie', 'keys');
}

/** The case folder that contains `dir` (or is it), following symbolic links, or null. */
export function enclosingCase(dir: string): string | null {
  let d = resolve(dir);
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  d = realpathSync(d);
  for (;;) {
    if (existsSync(join(d, 'case.json')) && existsSync(join(d, 'case.sqlite'))) return d;
    const up = dirname(d);
    if (up === d) return null;
    d = up;
  }
}

function defaultName(keyDir: string): string | null {
  const f = join(keyDir, 'default');
  return existsSync(f) ? readFileSync(f, 'utf8').trim() || null : null;
}

/** Create an Ed25519 key pair NAME.key (PKCS#8 PEM, mode 0600) and NAME.pub (SPKI PEM) in the key folder. */
export function createKey(keyDir: string, name: string, makeDefault: boolean): KeyInfo {
  if (!NAME.test(name)) {
    throw new AppError('USAGE', `--name ${name}: use letters, digits, '.', '_' or '-' (at most 64)`);
  }
  const inCase = enclosingCase(keyDir);
  if (inCase !== null) {
    throw new AppError(
      'USAGE',
      `${keyDir}: inside the case folder ${inCase}; a private key must never travel with a case (set $VIGIE_KEY_DIR elsewhere)`,
    );
  }
  const priv = join(keyDir, `${name}.key`);
  const pub = join(keyDir, `${name}.pub`);
  if (existsSync(priv) || existsSync(pub)) {
    throw new AppError('KEY_EXISTS', `${priv}: a key named ${name} already exists; refusing to replace it`);
  }
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  const pair = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  writeFileSync(priv, pair.privateKey, { flag: 'wx', mode: 0o600 });
  writeFileSync(pub, pair.publicKey, { flag: 'wx', mode: 0o644 });
  if (makeDefault || defaultName(keyDir) === null) {
    writeFileSync(join(keyDir, 'default'), name + '\n', { mode: 0o600 });
  }
  return readKey(keyDir, name);
}

/** The public facts of the key NAME in the key folder. */
export function readKey(keyDir: string, name: string): KeyInfo {
  const publicKeyFile = join(keyDir, `${name}.pub`);
  const privateKeyFile = join(keyDir, `${name}.key`);
  if (!existsSync(publicKeyFile)) {
    throw new AppError('KEY_NOT_FOUND', `${publicKeyFile}: no key named ${name} in ${keyDir}`);
  }
  const pem = readFileSync(publicKeyFile, 'utf8');
  let der: Buffer;
  try {
    der = createPublicKey(pem).export({ type: 'spki', format: 'der' });
  } catch (e) {
    throw new AppError('KEY_INVALID', `${publicKeyFile}: not a public key: ${(e as Error).message}`);
  }
  return {
    name,
    fingerprint: keyFingerprint(der),
    publicKeyPem: pem,
    privateKeyFile,
    publicKeyFile,
    default: defaultName(keyDir) === name,
  };
}

/** Every key in the key folder, by name. */
export function listKeys(keyDir: string): KeyInfo[] {
  if (!existsSync(keyDir)) return [];
  return readdirSync(keyDir)
    .filter((n) => n.endsWith('.pub'))
    .map((n) => n.slice(0, -4))
    .filter((n) => NAME.test(n))
    .sort()
    .map((n) => readKey(keyDir, n));
}

/** Which key signs: $VIGIE_KEY (a name or a .key file), else the default, else the only key, else none. */
export function signingKeyName(keyDir: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const chosen = env['VIGIE_KEY'];
  if (chosen) return chosen;
  const def = defaultName(keyDir);
  if (def !== null) return def;
  const all = listKeys(keyDir);
  if (all.length === 1) return all[0]!.name;
  if (all.length > 1) {
    throw new AppError(
      'KEY_NOT_FOUND',
      `${keyDir}: ${all.length} keys and no default; set $VIGIE_KEY=NAME or write NAME into ${join(keyDir, 'default')}`,
    );
  }
  return null;
}

/** Load the signing key (refusing a private key file readable by others), or null when there is none. */
export function loadSigningKey(env: NodeJS.ProcessEnv = process.env): SigningKey | null {
  const keyDir = resolveKeyDir(env);
  const chosen = signingKeyName(keyDir, env);
  if (chosen === null) return null;
  const asFile = chosen.includes('/') || chosen.endsWith('.key');
  const file = asFile ? resolve(chosen) : join(keyDir, `${chosen}.key`);
  if (!existsSync(file))
    throw new AppError(
      'KEY_NOT_FOUND',
      `${file}: no such private key (named by $VIGIE_KEY or ${keyDir}/default)`,
    );
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new AppError(
      'KEY_INVALID',
      `${file}: mode ${mode.toString(8).padStart(4, '0')}: a private key must be readable by its owner only (chmod 600)`,
    );
  }
  try {
    const privateKey = createPrivateKey(readFileSync(file, 'utf8'));
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
    const der = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    const name = asFile ? basename(file).replace(/\.key$/, '') : chosen;
    return { name, fingerprint: keyFingerprint(der), privateKey, publicDer: der.toString('base64') };
  } catch (e) {
    throw new AppError('KEY_INVALID', `${file}: not an Ed25519 private key: ${(e as Error).message}`);
  }
}
