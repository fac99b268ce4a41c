import { createReadStream } from 'node:fs';
import { createCryptoHasher, type CryptoDigests } from '../../signals/crypto.js';

/** MD5, SHA-1 and SHA-256 of a file, streamed in 1 MiB chunks in a single read. */
export async function cryptoOfFile(path: string): Promise<CryptoDigests & { size: number }> {
  const h = createCryptoHasher();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest();
}
