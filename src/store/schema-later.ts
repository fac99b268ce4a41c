// Table types of migrations 9–11 (search index, referrals, own accounts, self-production): the rest of schema.ts.
import type { Generated } from 'kysely';

/** One indexed text (migration 9): a message version's text, an actor display name or a chat title. */
export interface SearchDocTable {
  id: Generated<number>;
  kind: 'message' | 'actorName' | 'chatName';
  chat_id: string | null;
  message_id: number | null;
  /** '' for the stored message text (and names); an earlier version's `version_hash`. */
  version: string;
  actor_id: string | null;
  at: number | null;
  body: string;
  /** PostgreSQL only: the search vector (`tsvector` text; generated until migration 12, then written). */
  tsv?: string | null;
}
/** Migration 10: referral packages sent, append-only (ADR 0025). */
export interface ReferralTable {
  id: Generated<number>;
  package_id: string;
  country: string;
  /** JSON array of actor ids, sorted. */
  actors: string;
  tag_manifest_sha256: string;
  /** SHA-256 fingerprint of the signing key. */
  signer: string;
  include_media: number;
  forced: number;
  reason: string | null;
  user: string;
  at: string;
  audit_seq: number;
}
/** Migration 11: a person's marks of the case's own (undercover) accounts, append-only; the latest per actor wins. */
export interface OwnAccountTable {
  id: Generated<number>;
  actor_id: string;
  undercover: number;
  reason: string | null;
  user: string;
  at: string;
  audit_seq: number;
}
/** Migration 11: derived by `vigie analyse`, a new cluster's self-production assessment and its signals (JSON). */
export interface ClusterProductionTable {
  cluster_id: string;
  assessment: string;
  score: number;
  signals: string;
  run_id: string;
}
/** Migration 13: an image's wellness thumbnail (lossless greyscale WebP), written by `vigie hash` (ADR 0029). */
export interface ThumbnailTable {
  sha256: string;
  webp: Uint8Array;
  run_id: string | null;
}
