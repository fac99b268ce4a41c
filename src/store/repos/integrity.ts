import type { StoreQ } from '../port.js';
import type { DigestPart } from '../row-digest.js';
import { digestOfRows, hashListDigest, partRowsOf, sourceDigest } from '../row-digest-query.js';

/** Row digests, table dumps and tamper checks for `vigie verify` (ADR 0010). */
export function integrityRepo(q: StoreQ) {
  return {
    /** The digest of a source's rows by its kind (null for kinds digested otherwise). */
    sourceRowDigest: (sourceId: string) => sourceDigest(q, sourceId),
    /** The digest of a hash-list version's entries. */
    hashListRowDigest: (name: string, version: number) => hashListDigest(q, name, version),
    /** The digest of a subject over the given parts. */
    digestOf: (parts: readonly DigestPart[], args: readonly (string | number)[]) =>
      digestOfRows(q, parts, args),
    /** The canonical rows of one part, in order. */
    partRows: (p: DigestPart, args: readonly (string | number)[]) => partRowsOf(q, p, args),
  };
}
