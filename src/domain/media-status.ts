/** A media's hash-list status: known (matches an alert list), ignored (ignore list only), new (hashed, no match), unhashed. */
export type MediaStatus = 'known' | 'ignored' | 'new' | 'unhashed';

/** Status strength, highest wins inside a cluster (known > ignored > new > unhashed). */
export const STATUS_RANK: Readonly<Record<MediaStatus, number>> = {
  known: 3,
  ignored: 2,
  new: 1,
  unhashed: 0,
};
