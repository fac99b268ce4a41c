import type { Generated } from 'kysely';

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
  media: MediaTable;
  media_occurrence: MediaOccurrenceTable;
  membership: MembershipTable;
  issue: IssueTable;
  signal: SignalTable;
  media_exif: MediaExifTable;
  media_hash_issue: MediaHashIssueTable;
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
export interface MessageTable {
  chat_id: string;
  message_id: number;
  type: string;
  author_id: string | null;
  author_name: string | null;
  date_utc: number | null;
  date_local: string | null;
  tz_assumed: string | null;
  edited_utc: number | null;
  text: string | null;
  entities: string | null;
  reply_to: number | null;
  forwarded_from: string | null;
  saved_from: string | null;
  via_bot: string | null;
  action: string | null;
  version_hash: string;
  raw: string;
}
export interface MessageVersionTable {
  chat_id: string;
  message_id: number;
  version_hash: string;
  edited_utc: number | null;
  text: string | null;
  raw: string;
  first_source_id: string;
}
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
  sha256: string | null;
  path: string;
  placeholder: string | null;
  source_id: string;
}
export interface MembershipTable {
  actor_id: string;
  chat_id: string;
  kind: string;
  at: number | null;
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
