import { AppError } from '../../../domain/errors.js';
import type { DuplicateKey, LosslessValue } from './tolerant-json.js';

/** Message keys whose duplicates with different values are refused (they decide identity, author and time). */
const IDENTITY_KEYS = new Set(['id', 'type', 'date', 'date_unixtime', 'from_id', 'actor_id']);

const show = (v: unknown): string =>
  (typeof v === 'bigint' ? v.toString() : (JSON.stringify(v) ?? String(v))).slice(0, 60);

const kindOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;

/** Refuse duplicated keys with different values (`all`: every key; else only the identity keys of a message). */
export function refuseDuplicates(
  duplicates: readonly DuplicateKey[],
  file: string,
  where: string,
  all: boolean,
): void {
  for (const d of duplicates) {
    if (!all && !(d.path === '$' && IDENTITY_KEYS.has(d.key))) continue;
    const distinct = new Set(d.values.map(show));
    if (distinct.size < 2) continue;
    throw new AppError(
      'IMPORT_DUPLICATE_KEY',
      `${file}: ${where}: ${d.path}.${d.key}: key written ${d.values.length} times with different values (${[...distinct].join(', ')}); nothing from this source was stored`,
    );
  }
}

/** Refuse a message id that is present but not a safe integer (1.5, 1.5e300, "7", 2^60). */
export function checkMessageId(obj: Record<string, unknown>, file: string, offset: number): void {
  const id = obj['id'];
  if (id === undefined || (typeof id === 'number' && Number.isSafeInteger(id))) return;
  throw new AppError(
    'IMPORT_BAD_ID',
    `${file}: byte ${offset}: message id ${show(id)} is not an integer in the safe range (±2^53); nothing from this source was stored`,
  );
}

/** Refuse a chat id that is a number outside the safe integers (1.5e300) or not a number at all. */
export function checkChatId(header: Record<string, unknown>, file: string, place: string): void {
  const id = header['id'];
  if (id === undefined || id === null || typeof id === 'bigint') return;
  if (typeof id === 'number' && Number.isSafeInteger(id)) return;
  if (typeof id === 'string' && /^-?\d{1,19}$/.test(id)) return;
  throw new AppError(
    'IMPORT_BAD_ID',
    `${file}: ${place}: chat id ${show(id)} is not an integer in the safe range; nothing from this source was stored`,
  );
}

/** Refuse a `messages` that is not a list at the root or in chats.list[] / left_chats.list[] (JSON path named). */
export function checkMessageLists(root: Record<string, LosslessValue>, file: string): void {
  const check = (chat: unknown, path: string): void => {
    if (!chat || typeof chat !== 'object' || Array.isArray(chat)) return;
    const m = (chat as Record<string, unknown>)['messages'];
    if (m !== undefined && !Array.isArray(m))
      throw new AppError(
        'IMPORT_MESSAGES_NOT_LIST',
        `${file}: ${path}.messages: "messages" is ${kindOf(m)}, not a list; nothing from this source was stored`,
      );
  };
  check(root, '$');
  for (const group of ['chats', 'left_chats']) {
    const g = root[group];
    const list = g && typeof g === 'object' && !Array.isArray(g) ? g['list'] : undefined;
    if (Array.isArray(list)) list.forEach((c, i) => check(c, `$.${group}.list[${i}]`));
  }
}

const UNIX_SECONDS = /^-?\d{1,11}$/;

/** Refuse a `date_unixtime`/`edited_unixtime` that is present but not a whole number of seconds in range. */
export function badUnixTime(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return !UNIX_SECONDS.test(v);
  return !(typeof v === 'number' && Number.isSafeInteger(v) && Math.abs(v) < 1e11);
}

/** The error for an invalid unix time (own code: not IMPORT_NEEDS_TZ). */
export function badTime(file: string, where: string, key: string, v: unknown): AppError {
  return new AppError(
    'IMPORT_BAD_TIME',
    `${file}: ${where}: ${key} ${show(v)} is not a unix time in seconds; nothing from this source was stored`,
  );
}
