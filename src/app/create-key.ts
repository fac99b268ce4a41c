import { createKey, resolveKeyDir, type KeyInfo } from '../store/keys.js';

/** Input of createUnitKey. */
export interface CreateKeyInput {
  name: string;
  /** Make it the key that signs by default (the first key always becomes the default). */
  makeDefault?: boolean;
}

/** Create a unit's Ed25519 key in the key folder ($VIGIE_KEY_DIR, else the user's config folder). */
export async function createUnitKey(
  input: CreateKeyInput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<KeyInfo> {
  return Promise.resolve(createKey(resolveKeyDir(env), input.name, input.makeDefault ?? false));
}
