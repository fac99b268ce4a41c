import type { StoreQ } from '../port.js';
import type { HashListEntry } from '../../domain/hashlist-entry.js';
import {
  deleteListEntries,
  dropDeletedRecords,
  entryCountsByType,
  getHashList,
  hashListSourceId,
  insertEntries,
  insertHashListSource,
  listHashListVersions,
  listHashLists,
  nextListVersion,
  removeHashList,
  setCurrentVersion,
  type HashListSource,
  type HashListVersionRow,
} from '../hashlists.js';
import {
  clearMatches,
  countMatches,
  forEachEntry,
  insertExactMatches,
  insertNearMatches,
  listMediaPdq,
  type NearMatchRow,
} from '../matches.js';
import { listVpdqEntries } from '../vpdq-matches.js';

/** Hash lists, their versions and entries, and the matches of media against them. */
export function hashListRepo(q: StoreQ) {
  return {
    /** The list of that name, or undefined. */
    get: (name: string) => getHashList(q, name),
    /** Every current list, by name. */
    list: () => listHashLists(q),
    /** The history of one list (or all), oldest first. */
    versions: (name?: string) => listHashListVersions(q, name),
    /** The next version number of a name. */
    nextVersion: (name: string) => nextListVersion(q, name),
    /** The source id of a recorded hash-list file with this SHA-256. */
    sourceIdOf: (sha256: string) => hashListSourceId(q, sha256),
    /** Record a hash-list file as a source (idempotent). */
    recordSource: (s: HashListSource) => insertHashListSource(q, s),
    /** Delete a list's matches and entries (history kept); returns the entries removed. */
    deleteEntries: (name: string) => deleteListEntries(q, name),
    /** Store entries of a list version (bulk path). */
    insertEntries: (name: string, version: number, batch: readonly HashListEntry[]) =>
      insertEntries(q, name, version, batch),
    /** Drop entries a tombstone deleted. */
    dropDeleted: (name: string, recordIds: readonly string[]) => dropDeletedRecords(q, name, recordIds),
    /** Make a version current (creating or updating the list row). */
    setCurrent: (v: Omit<HashListVersionRow, 'status' | 'ended_at' | 'list_name'> & { name: string }) =>
      setCurrentVersion(q, v),
    /** Remove a list (history kept as `removed`); returns the entries removed. */
    remove: (name: string, at: string) => removeHashList(q, name, at),
    /** Entry counts of one list by signal type. */
    countsByType: (name: string) => entryCountsByType(q, name),
    /** Visit entries of a signal type (all lists, or one) in id order. */
    forEachEntry: (
      signalType: string,
      visit: (id: number, list: string, value: string) => void,
      listName?: string,
    ) => forEachEntry(q, signalType, visit, listName),
    /** vpdq entries (all lists, or one) in id order. */
    vpdqEntries: (listName?: string) => listVpdqEntries(q, listName),
    /** Media PDQ signals with their dihedral row. */
    mediaPdq: (dihedralType: string) => listMediaPdq(q, dihedralType),
    /** Delete matches (all, or one list's). */
    clearMatches: (listName?: string) => clearMatches(q, listName),
    /** Store exact md5/sha1/sha256 matches in one INSERT … SELECT; returns how many were added. */
    insertExactMatches: (runId: string, listName?: string) => insertExactMatches(q, runId, listName),
    /** Store near (PDQ, vPDQ) matches, keeping the smallest distance per media and entry. */
    insertNearMatches: (runId: string, rows: readonly NearMatchRow[]) => insertNearMatches(q, runId, rows),
    /** Number of stored matches. */
    countMatches: () => countMatches(q),
  };
}
