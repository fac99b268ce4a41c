import { createHash, type Hash } from 'node:crypto';

/** The cryptographic signals of one byte stream (lowercase hex). */
export interface CryptoDigests {
  readonly md5: string;
  readonly sha1: string;
  readonly sha256: string;
}

/** An incremental MD5 + SHA-1 + SHA-256 hasher: feed chunks once, get the three digests. */
export interface CryptoHasher {
  update(chunk: Uint8Array): void;
  digest(): CryptoDigests & { readonly size: number };
}

/** Start hashing a byte stream with MD5, SHA-1 and SHA-256 in one pass. */
export function createCryptoHasher(): CryptoHasher {
  const hs: [Hash, Hash, Hash] = [createHash('md5'), createHash('sha1'), createHash('sha256')];
  let size = 0;
  return {
    update(chunk) {
      size += chunk.length;
      for (const h of hs) h.update(chunk);
    },
    digest() {
      return { md5: hs[0].digest('hex'), sha1: hs[1].digest('hex'), sha256: hs[2].digest('hex'), size };
    },
  };
}

/** The three digests of bytes held in memory. */
export function cryptoOfBytes(bytes: Uint8Array): CryptoDigests {
  const h = createCryptoHasher();
  h.update(bytes);
  const { md5, sha1, sha256 } = h.digest();
  return { md5, sha1, sha256 };
}
