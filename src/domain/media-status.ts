/**
 * A media's hash-list status: known (matches an alert list), ignored (ignore list only), new (hashed, no match),
 * uncertain (hashed, no match, but its PDQ quality is under the threshold: near matching cannot vouch for it, so it
 * is never counted as new content), unhashed.
 */
export type MediaStatus = 'known' | 'ignored' | 'new' | 'uncertain' | 'unhashed';

/** Status strength, highest wins inside a cluster (known > ignored > new > uncertain > unhashed). */
export const STATUS_RANK: Readonly<Record<MediaStatus, number>> = {
  known: 4,
  ignored: 3,
  new: 2,
  uncertain: 1,
  unhashed: 0,
};

/** PDQ hashes below this quality are not used for near matching or clustering (Meta's recommendation, pdq.md §2.13). */
export const MIN_PDQ_QUALITY = 50;
