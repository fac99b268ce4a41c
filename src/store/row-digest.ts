/**
 * Row digests (ADR 0010): the canonical rows a source contributed, read by name, one canonical JSON line each, in a
 * fixed order, hashed with SHA-256. Only canonical values (text, integers, nulls) enter a line, never rowids or
 * autoincrement ids, so any database holding the same rows gives the same digest. Each part is defined over what
 * its source contributed and what later imports cannot change (ADR 0010 lists what they can).
 */

/** One part of a source's digest: a query whose `@a` is the source id (or a hash-list's name, `@b` its version). */
export interface DigestPart {
  readonly name: string;
  /** The table (or view) the rows come from, for findings. */
  readonly table: string;
  /** Columns of each canonical line, in the order they are listed (read by name). */
  readonly columns: readonly string[];
  /** Columns naming a row in a finding (chat, message …): a prefix of `columns`. */
  readonly key: readonly string[];
  readonly sql: string;
}

/** The digest of one source: SHA-256 of its parts' digests (canonical JSON), with the parts. */
export interface RowDigest {
  readonly digest: string;
  readonly parts: Record<string, string>;
}

const part = (
  name: string,
  table: string,
  columns: readonly string[],
  key: readonly string[],
  from: string,
): DigestPart => ({
  name,
  table,
  columns,
  key,
  // A subquery is named (PostgreSQL requires it; the rows are the same).
  sql: `SELECT ${columns.join(', ')} FROM ${from.startsWith('(') ? `${from} AS part_rows` : from} ORDER BY ${key.join(', ')}`,
});

/** A media occurrence's columns as a source recorded them (its `source_id` aside): digested, and written at import. */
export const OCCURRENCE_FIELDS = [
  'chat_id',
  'message_id',
  'role',
  'kind',
  'sha256',
  'path',
  'placeholder',
  'mime',
  'file_name',
  'declared_size',
  'width',
  'height',
  'duration',
] as const;

/**
 * The message versions a source holds: key, whether it stored the message first, type, time, author (not for HTML
 * sources, whose derived authors a later JSON import of the same content may replace) and the edit time and text
 * of the version this source brought (from message_version when the message has several versions).
 */
const MESSAGE_SQL = `(SELECT s.chat_id AS chat_id, s.message_id AS message_id,
    CASE WHEN m.source_id = @a THEN 1 ELSE 0 END AS first, m.type AS type, m.date_utc AS date_utc,
    CASE WHEN (SELECT kind FROM source WHERE id = @a) = 'telegram-html' THEN NULL ELSE m.author_id END AS author_id,
    CASE WHEN v.version_hash IS NULL THEN m.edited_utc ELSE v.edited_utc END AS edited_utc,
    CASE WHEN v.version_hash IS NULL THEN m.text ELSE v.text END AS text
  FROM (SELECT chat_id, message_id, version_hash FROM message_source WHERE source_id = @a
        UNION ALL
        SELECT m0.chat_id, m0.message_id, m0.version_hash FROM message m0 WHERE m0.source_id = @a
          AND NOT EXISTS (SELECT 1 FROM message_source x WHERE x.chat_id = m0.chat_id
                          AND x.message_id = m0.message_id AND x.source_id = @a)) s
  JOIN message m ON m.chat_id = s.chat_id AND m.message_id = s.message_id
  LEFT JOIN message_version v ON s.version_hash <> '' AND v.chat_id = s.chat_id
    AND v.message_id = s.message_id AND v.version_hash = s.version_hash)`;

/** Parts of an imported export's digest (kinds telegram-json, telegram-html). */
export const IMPORT_PARTS: readonly DigestPart[] = [
  part(
    'source',
    'source',
    ['id', 'kind', 'sha256', 'label', 'options', 'metadata'],
    ['id'],
    'source WHERE id = @a',
  ),
  part(
    'source_file',
    'source_file',
    ['path', 'sha256', 'size'],
    ['path'],
    'source_file WHERE source_id = @a',
  ),
  part(
    'chat_source',
    'chat_source',
    ['chat_id', 'type', 'origin', 'raw_id'],
    ['chat_id'],
    'chat_source WHERE source_id = @a',
  ),
  part(
    'chat_title',
    'chat_title',
    ['chat_id', 'title', 'first_seen', 'last_seen'],
    ['chat_id', 'title'],
    'chat_title WHERE source_id = @a',
  ),
  part(
    'actor_name',
    'actor_name',
    ['actor_id', 'name', 'first_seen', 'last_seen'],
    ['actor_id', 'name'],
    'actor_name WHERE source_id = @a',
  ),
  part(
    'message',
    'message',
    ['chat_id', 'message_id', 'first', 'type', 'date_utc', 'author_id', 'edited_utc', 'text'],
    ['chat_id', 'message_id'],
    MESSAGE_SQL,
  ),
  part(
    'media_occurrence',
    'media_occurrence',
    [...OCCURRENCE_FIELDS],
    ['chat_id', 'message_id', 'role'],
    'media_occurrence WHERE source_id = @a',
  ),
  part(
    'media',
    'media',
    ['sha256', 'size'],
    ['sha256'],
    '(SELECT DISTINCT m.sha256 AS sha256, m.size AS size FROM media_occurrence o JOIN media m ON m.sha256 = o.sha256 WHERE o.source_id = @a)',
  ),
  // Times are left out: a later source with the same membership widens them (import-statements.ts).
  part(
    'membership',
    'membership',
    ['id', 'actor_id', 'member_name', 'chat_id', 'kind', 'message_id', 'by_actor_id'],
    ['id'],
    'membership WHERE source_id = @a',
  ),
];

/** Parts of a legal-process return's digest. */
export const RETURNS_PARTS: readonly DigestPart[] = [
  part('source', 'source', ['id', 'kind', 'sha256', 'label', 'options'], ['id'], 'source WHERE id = @a'),
  part(
    'return_row',
    'return_row',
    ['line', 'user_id', 'raw_user_id', 'actor_id', 'phone', 'phone_country', 'ip', 'seen_at', 'raw'],
    ['line'],
    'return_row WHERE source_id = @a',
  ),
];

/** Parts of a hash-list version's digest; `@a` is the list name, `@b` its version (status and end left out). */
export const HASHLIST_PARTS: readonly DigestPart[] = [
  part(
    'hash_list',
    'hash_list',
    ['name', 'role', 'format', 'version', 'source_id', 'entries'],
    ['name'],
    'hash_list WHERE name = @a AND version = @b',
  ),
  part(
    'hash_list_version',
    'hash_list_version',
    ['list_name', 'version', 'source_id', 'sha256', 'format', 'role', 'entries', 'metadata'],
    ['list_name', 'version'],
    'hash_list_version WHERE list_name = @a AND version = @b',
  ),
  part(
    'hash_list_entry',
    'hash_list_entry',
    ['line', 'position', 'signal_type', 'value', 'category', 'scheme', 'record_id', 'series', 'extra'],
    ['line', 'position', 'signal_type', 'value', 'category', 'scheme', 'record_id', 'series', 'extra'],
    'hash_list_entry WHERE list_name = @a AND version = @b',
  ),
];

/** The parts that describe a source of this kind (undefined: none, e.g. hash-list files, digested per version). */
export function partsOfKind(kind: string): readonly DigestPart[] | undefined {
  if (kind === 'telegram-json' || kind === 'telegram-html') return IMPORT_PARTS;
  if (kind === 'returns') return RETURNS_PARTS;
  return undefined;
}

/** One canonical row: the part's columns by name, values as stored (text, integer, null). */
export type CanonicalRow = Record<string, string | number | null>;
