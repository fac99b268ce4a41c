import { AppError } from '../domain/errors.js';
import { listKeys, readKey, resolveKeyDir, signingKeyName, type KeyInfo } from '../store/keys.js';

export type { KeyInfo } from '../store/keys.js';

/** The public key and fingerprint of key NAME, else of the key that signs ($VIGIE_KEY, default, only key). */
export async function showUnitKey(
  input: { name?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<KeyInfo> {
  const dir = resolveKeyDir(env);
  const name = input.name ?? signingKeyName(dir, env);
  if (name === null) {
    throw new AppError(
      'KEY_NOT_FOUND',
      `${dir}: no unit key; create one with 'vigie keys create --name UNIT'`,
    );
  }
  if (name.includes('/') || name.endsWith('.key')) {
    throw new AppError('USAGE', `${name}: $VIGIE_KEY names a file; give the key's name with --name`);
  }
  return Promise.resolve(readKey(dir, name));
}

/** Every unit key in the key folder. */
export async function listUnitKeys(env: NodeJS.ProcessEnv = process.env): Promise<KeyInfo[]> {
  return Promise.resolve(listKeys(resolveKeyDir(env)));
}
