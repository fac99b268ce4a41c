import type { StoreQ } from './port.js';
import { auditRepo } from './audit.js';
import { runRepo } from './runs.js';
import { sourceRepo } from './repos/sources.js';
import { mediaRepo } from './repos/media.js';
import { hashListRepo } from './repos/hashlists.js';
import { analysisRepo } from './repos/analysis.js';
import { triageRepo } from './repos/triage.js';
import { integrityRepo } from './repos/integrity.js';
import { decisionRepo } from './repos/decisions.js';
import { searchRepo } from './repos/search.js';
import { referralRepo } from './referrals.js';
import { investigationRepo } from './repos/investigation.js';
import { chatRepo } from './repos/chats.js';
import { ownAccountRepo } from './own-accounts.js';

/** One repository per aggregate; every use case reaches the case database through these. */
export interface Repositories {
  /** The audit trail (append-only, hash-chained). */
  readonly audit: ReturnType<typeof auditRepo>;
  /** Pipeline runs and per-item issues. */
  readonly runs: ReturnType<typeof runRepo>;
  /** Sources and what import, returns and link write: chats, actors, messages, media occurrences, memberships. */
  readonly sources: ReturnType<typeof sourceRepo>;
  /** Media and their signals (hashes, EXIF, hashing issues). */
  readonly media: ReturnType<typeof mediaRepo>;
  /** Hash lists, their versions and entries, and matches. */
  readonly hashlists: ReturnType<typeof hashListRepo>;
  /** Analysis results: clusters, provenance, profiles, network. */
  readonly analysis: ReturnType<typeof analysisRepo>;
  /** Attribution, triage scores and target decisions. */
  readonly triage: ReturnType<typeof triageRepo>;
  /** Row digests, table dumps and tamper checks for `vigie verify`. */
  readonly integrity: ReturnType<typeof integrityRepo>;
  /** People's decisions on media (category, tags, note), append-only. */
  readonly decisions: ReturnType<typeof decisionRepo>;
  /** The full-text search index over messages and names (derived). */
  readonly search: ReturnType<typeof searchRepo>;
  /** Referral packages sent (append-only) and the reads that build one. */
  readonly referrals: ReturnType<typeof referralRepo>;
  /** The investigation views' reads: actor page, cluster spread, filtered audit trail. */
  readonly investigation: ReturnType<typeof investigationRepo>;
  /** The chat reader's timeline reads (paged both ways) and actors' positions in chats. */
  readonly chats: ReturnType<typeof chatRepo>;
  /** The case's own (undercover) accounts: from imports and people's marks (append-only). */
  readonly own: ReturnType<typeof ownAccountRepo>;
}

/** The repositories over one query context (the store's, or a transaction's). */
export function repositories(q: StoreQ): Repositories {
  return {
    audit: auditRepo(q),
    runs: runRepo(q),
    sources: sourceRepo(q),
    media: mediaRepo(q),
    hashlists: hashListRepo(q),
    analysis: analysisRepo(q),
    triage: triageRepo(q),
    integrity: integrityRepo(q),
    decisions: decisionRepo(q),
    search: searchRepo(q),
    referrals: referralRepo(q),
    investigation: investigationRepo(q),
    chats: chatRepo(q),
    own: ownAccountRepo(q),
  };
}
