import type { StoreQ } from '../port.js';
import {
  hasSignal,
  hashCounts,
  listUnhashed,
  signalsOf,
  videoFlags,
  writeHashResults,
  type MediaHashRecord,
} from '../signals.js';
import { listMatchDetails, listOccurrences } from '../matches.js';
import {
  listMediaStatusRows,
  mediaStatusCountsOf,
  mediaStatusMap,
  pdqQualities,
  type MediaListOptions,
} from '../media-status.js';
import { listMediaVpdqRows } from '../vpdq-matches.js';
import { thumbnailOf } from '../thumbnails.js';

/** Media and their signals: hashing work and results, status, matches and occurrences of media. */
export function mediaRepo(q: StoreQ) {
  return {
    /** Sorted SHA-256s of media still to hash under a PDQ convention (and vPDQ size, null: no videos' frames). */
    listUnhashed: (convention: string, vpdqSize: string | null) => listUnhashed(q, convention, vpdqSize),
    /** Whether each media is a video (kind or MIME type). */
    videoFlags: (sha256s: readonly string[]) => videoFlags(q, sha256s),
    /** Write hashing results with their run id, idempotently (signals, EXIF, hashing issues, run issues). */
    writeHashResults: (runId: string, batch: readonly MediaHashRecord[]) => writeHashResults(q, runId, batch),
    /** An image's stored wellness thumbnail (WebP bytes), or null. */
    thumbnailOf: (sha256: string) => thumbnailOf(q, sha256),
    /** True when some media has a signal of this type. */
    hasSignal: (type: string) => hasSignal(q, type),
    /** Every signal of one media, by type then convention. */
    signalsOf: (sha256: string) => signalsOf(q, sha256),
    /** Media, hashed media, media with a PDQ, hashing issues. */
    hashCounts: () => hashCounts(q),
    /** Media with status, md5, pdq and occurrences (filtered, one media, or a page), by SHA-256. */
    listStatus: (opts: MediaListOptions = {}) => listMediaStatusRows(q, opts),
    /** The status of every media, by SHA-256. */
    statuses: () => mediaStatusMap(q),
    /** Counts of media by status. */
    statusCounts: () => mediaStatusCountsOf(q),
    /** Stored matches with entry, list and source (of one media, or all). */
    matchDetails: (sha256?: string | readonly string[]) => listMatchDetails(q, sha256),
    /** Occurrences of one media in chats. */
    occurrences: (sha256: string) => listOccurrences(q, sha256),
    /** Media vPDQ signals (of one media, or all), by SHA-256 and convention. */
    listVpdq: (sha256?: string | readonly string[]) => listMediaVpdqRows(q, sha256),
    /** The best PDQ quality of each of these media (the why of `uncertain`), by SHA-256. */
    pdqQualities: (sha256s: readonly string[]) => pdqQualities(q, sha256s),
  };
}
