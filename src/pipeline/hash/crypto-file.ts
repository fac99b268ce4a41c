import { closeSync, openSync, readSync } from 'node:fs';
import { createCryptoHasher, type CryptoDigests } from '../../signals/crypto.js';

/** One read buffer per thread for cryptoOfFile (its reads are synchronous: one file at a time per thread). */
const CHUNK = Buffer.allocUnsafeSlow(1 << 20);

/**
 * MD5, SHA-1 and SHA-256 of a file in a single pass of 1 MiB synchronous reads into one reused buffer (a read
 * stream's thread-pool round trips and fresh chunks cost more than the digests of a photo).
 */
export function cryptoOfFile(path: string): Promise<CryptoDigests & { size: number }> {
  const h = createCryptoHasher();
  const fd = openSync(path, 'r');
  try {
    for (
      let n = readSync(fd, CHUNK, 0, CHUNK.length, null);
      n > 0;
      n = readSync(fd, CHUNK, 0, CHUNK.length, null)
    )
      h.update(CHUNK.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return Promise.resolve(h.digest());
}
