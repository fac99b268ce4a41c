import type Database from 'better-sqlite3';
import { AppError } from '../domain/errors.js';
import type { MessageValues, PackedMessage } from '../domain/import-records.js';
import { jsonVersionHash, MEDIA_ROLE_ORDER, versionInputOfValues } from '../domain/version-hash.js';
import { MESSAGE_COLUMNS } from './import-statements.js';

/**
 * Lazy version hashes (ADR 0009). A JSON message is stored with `version_hash = ''` until a second source brings
 * it; then the hash is computed — for the stored row from its columns and its first source's media occurrences
 * (the row is still exactly as that source stored it), for the incoming message from its packed values.
 */

/** The version hash of a packed message: its own when the importer computed one, else the JSON definition's. */
export function packedVersionHash(p: PackedMessage): string {
  return p[20] || jsonVersionHash(versionInputOfValues(p, p[25] === 0 ? [] : (p[25].media ?? [])));
}

interface MediaRow {
  role: string;
  kind: string;
  mime: string | null;
  fileName: string | null;
  width: number | null;
  height: number | null;
  duration: number | null;
}

const cache = new WeakMap<Database.Database, ReturnType<typeof prepare>>();
function prepare(raw: Database.Database) {
  return {
    row: raw
      .prepare(
        `SELECT ${MESSAGE_COLUMNS.join(', ')}, (SELECT kind FROM source WHERE id = message.source_id) AS kind
         FROM message WHERE chat_id = ? AND message_id = ?`,
      )
      .raw(),
    media: raw.prepare(
      `SELECT role, kind, mime, file_name AS fileName, width, height, duration FROM media_occurrence
       WHERE chat_id = ? AND message_id = ? AND source_id = ?`,
    ),
    set: raw.prepare(
      `UPDATE message SET version_hash = ? WHERE chat_id = ? AND message_id = ? AND version_hash = ''`,
    ),
  };
}

/**
 * The version hash of a stored message, computed and written into its row first when it is still empty. Null when
 * there is no such message.
 */
export function fillVersionHash(raw: Database.Database, chatId: string, messageId: number): string | null {
  let s = cache.get(raw);
  if (!s) cache.set(raw, (s = prepare(raw)));
  const r = s.row.get(chatId, messageId) as unknown[] | undefined;
  if (!r) return null;
  const values = r.slice(0, 22) as MessageValues;
  if (values[20]) return values[20];
  const sourceId = r[22] as string | null;
  if (r[23] !== 'telegram-json' || sourceId === null)
    throw new AppError(
      'CASE_CORRUPT',
      `message ${messageId} of ${chatId} has no version hash and no JSON first source to compute it from`,
    );
  const media = (s.media.all(chatId, messageId, sourceId) as MediaRow[]).sort(
    (a, b) => MEDIA_ROLE_ORDER.indexOf(a.role) - MEDIA_ROLE_ORDER.indexOf(b.role),
  );
  const h = jsonVersionHash(versionInputOfValues(values, media));
  s.set.run(h, chatId, messageId);
  return h;
}
