import type { Generated } from 'kysely';
import type { MessageRow } from '../domain/message-row.js';
import type {
  ClusterProductionTable,
  OwnAccountTable,
  ReferralTable,
  SearchDocTable,
  ThumbnailTable,
} from './schema-later.js';

export type { ClusterProductionTable, OwnAccountTable, ReferralTable, SearchDocTable, ThumbnailTable };

/** Kysely table types; they mirror src/store/migrations. Times are UTC epoch ms (INTEGER) or ISO-8601 text. */
export interface DB {
  audit_event: AuditEventTable;
  pipeline_run: PipelineRunTable;
  evidence: EvidenceTable;
  source: SourceTable;
  source_file: SourceFileTable;
  chat: ChatTable;
  chat_title: ChatTitleTable;
  chat_source: ChatSourceTable;
  actor: ActorTable;
  actor_name: ActorNameTable;
  message: MessageTable;
  message_version: MessageVersionTable;
  message_source: MessageSourceTable;
  /**
   * View (migration 7): every source of every message, whether or not `message_source` holds its row. `version_hash`
   * is '' for a JSON message only one source holds (computed when a second source brings it, ADR 0009).
   */
  message_in_source: MessageSourceTable;
  media: MediaTable;
  media_occurrence: MediaOccurrenceTable;
  membership: MembershipTable;
  issue: IssueTable;
  signal: SignalTable;
  media_exif: MediaExifTable;
  media_hash_issue: MediaHashIssueTable;
  hash_list: HashListTable;
  hash_list_version: HashListVersionTable;
  hash_list_entry: HashListEntryTable;
  match: MatchTable;
  cluster: ClusterTable;
  cluster_member: ClusterMemberTable;
  actor_profile: ActorProfileTable;
  network_edge: NetworkEdgeTable;
  return_row: ReturnRowTable;
  attribution: AttributionTable;
  score: ScoreTable;
  target_decision: TargetDecisionTable;
  media_decision: MediaDecisionTable;
  id_alias: IdAliasTable;
  /** Derived (migration 9): the full-text search index's documents; not evidence, rebuilt by `vigie search --rebuild`. */
  search_doc: SearchDocTable;
  referral: ReferralTable;
  own_account: OwnAccountTable;
  cluster_production: ClusterProductionTable;
  thumbnail: ThumbnailTable;
}

export interface AuditEventTable {
  seq: Generated<number>;
  at: string;
  user: string;
  command: string;
  subject: string;
  details: string;
  prev_hash: string;
  hash: string;
}
export interface PipelineRunTable {
  id: string;
  stage: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  options: string;
  stats: string;
  vigie_version: string;
}
export interface EvidenceTable {
  sha256: string;
  size: number;
  stored_at: string;
}
export interface SourceTable {
  id: string;
  kind: string;
  sha256: string;
  label: string | null;
  original_path: string;
  imported_at: string;
  options: string;
  metadata: string;
  tool_version: string;
  run_id: string | null;
}
export interface SourceFileTable {
  source_id: string;
  path: string;
  sha256: string;
  size: number;
}
export interface ChatTable {
  id: string;
  platform: string;
  type: string | null;
  title: string | null;
  migrated_from: string | null;
}
export interface ChatTitleTable {
  chat_id: string;
  title: string;
  first_seen: number | null;
  last_seen: number | null;
  source_id: string;
}
export interface ChatSourceTable {
  chat_id: string;
  source_id: string;
  type: string | null;
  origin: string;
  raw_id: string | null;
}
export interface ActorTable {
  id: string;
  platform: string;
  kind: string;
}
export interface ActorNameTable {
  actor_id: string;
  name: string;
  first_seen: number | null;
  last_seen: number | null;
  source_id: string;
}
/** The `message` row is declared once, in `domain/message-row.ts` (with its column list and packed form). */
export type MessageTable = MessageRow;
export interface MessageVersionTable {
  chat_id: string;
  message_id: number;
  version_hash: string;
  edited_utc: number | null;
  text: string | null;
  /** Inline text, or a reference `source:<id>:<offset>:<length>` (ADR 0009; `evidence:<sha256>:…` before, ADR 0008): read it with `readMessageRaw`. */
  raw: string;
  first_source_id: string;
}
/** Written once a second source contains the message (ADR 0009); see view `message_in_source`. */
export interface MessageSourceTable {
  chat_id: string;
  message_id: number;
  source_id: string;
  version_hash: string;
}
export interface MediaTable {
  sha256: string;
  kind: string;
  mime: string | null;
  size: number;
  width: number | null;
  height: number | null;
  duration: number | null;
}
export interface MediaOccurrenceTable {
  chat_id: string;
  message_id: number;
  role: string;
  kind: string;
  sha256: string | null;
  path: string;
  placeholder: string | null;
  mime: string | null;
  file_name: string | null;
  declared_size: number | null;
  width: number | null;
  height: number | null;
  duration: number | null;
  source_id: string;
}
export interface MembershipTable {
  id: string;
  actor_id: string | null;
  member_name: string | null;
  chat_id: string;
  kind: string;
  at: number | null;
  last_at: number | null;
  message_id: number | null;
  by_actor_id: string | null;
  source_id: string;
}
export interface IssueTable {
  id: Generated<number>;
  run_id: string | null;
  source_id: string | null;
  code: string;
  file: string;
  location: string;
  message: string;
}
export interface SignalTable {
  sha256: string;
  type: string;
  convention: string;
  value: string;
  quality: number | null;
  run_id: string | null;
}
export interface MediaExifTable {
  sha256: string;
  make: string | null;
  model: string | null;
  taken_at: string | null;
  gps_lat: number | null;
  gps_lon: number | null;
  run_id: string | null;
}
export interface MediaHashIssueTable {
  sha256: string;
  code: string;
  message: string;
  run_id: string | null;
}
/** Derived by `vigie analyse` (migration 4). */
export interface ClusterTable {
  id: string;
  run_id: string;
  status: string;
  members: number;
  occurrences: number;
  first_seen: number | null;
  first_chat_id: string | null;
  first_message_id: number | null;
  first_sha256: string | null;
  originator_id: string | null;
  chats_reached: number;
  reposters: number;
  novelty_score: number | null;
  novelty_rank: number | null;
  details: string;
}
export interface ClusterMemberTable {
  sha256: string;
  cluster_id: string;
  status: string;
  distance_to_seed: number | null;
  run_id: string;
}
export interface ActorProfileTable {
  actor_id: string;
  run_id: string;
  messages: number;
  new_clusters_originated: number;
  community: number | null;
  pagerank: number | null;
  betweenness: number | null;
  profile: string;
}
export interface NetworkEdgeTable {
  source: string;
  target: string;
  kind: string;
  weight: number;
  details: string;
  run_id: string;
}
export interface ReturnRowTable {
  source_id: string;
  line: number;
  user_id: string;
  raw_user_id: string;
  actor_id: string | null;
  phone: string | null;
  phone_country: string | null;
  ip: string | null;
  seen_at: number | null;
  raw: string;
}
export interface AttributionTable {
  actor_id: string;
  country: string | null;
  top_country: string;
  probability: number;
  abstained: number;
  reason: string | null;
  candidates: string;
  origin: string | null;
  evidence: string;
  run_id: string;
}
export interface ScoreTable {
  actor_id: string;
  rank: number;
  total: number;
  factors: string;
  policy: string;
  run_id: string;
}
/** Migration 8: people's decisions on media, append-only (the highest id per media wins). */
export interface MediaDecisionTable {
  id: Generated<number>;
  sha256: string;
  scheme: string;
  category: string | null;
  tags: string;
  note: string | null;
  user: string;
  at: string;
  audit_seq: number;
}
export interface TargetDecisionTable {
  id: Generated<number>;
  actor_id: string;
  decision: string;
  reason: string;
  user: string;
  at: string;
}
export interface HashListTable {
  name: string;
  role: string;
  format: string;
  version: number;
  source_id: string;
  entries: number;
  created_at: string;
  updated_at: string;
}
export interface HashListVersionTable {
  list_name: string;
  version: number;
  source_id: string;
  sha256: string;
  format: string;
  role: string;
  entries: number;
  status: string;
  added_at: string;
  added_by: string;
  ended_at: string | null;
  metadata: string;
}
export interface HashListEntryTable {
  id: Generated<number>;
  list_name: string;
  version: number;
  signal_type: string;
  value: string;
  category: string | null;
  scheme: string | null;
  record_id: string | null;
  series: string | null;
  extra: string | null;
  line: number | null;
  position: string | null;
}
export interface MatchTable {
  sha256: string;
  entry_id: number;
  list_name: string;
  signal_type: string;
  convention: string;
  distance: number;
  variant: string;
  run_id: string | null;
}

/** A derived id (HTML import) linked to a platform id (`vigie link`, ADR 0007). */
export interface IdAliasTable {
  alias_id: string;
  id: string;
  kind: 'chat' | 'actor';
  linked_at: string;
  audit_seq: number;
  details: string;
}
