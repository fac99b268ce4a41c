import { sha256Hex } from '../../../domain/canonical.js';

/** Derived ids for HTML exports, which carry no account or chat ids (ADR 0007). */

const CHAT_PREFIX = 'telegram:html-chat-';
const USER_PREFIX = 'telegram:html-user-';

/** Normalise a display name for hashing: NFC, trimmed, inner whitespace collapsed (case kept). */
export function normaliseName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/**
 * Derived chat id: hash of the normalised page-header name and the ids of the first (up to 3) regular messages
 * of the export, e.g. `telegram:html-chat-3f2a9c0d41b7e655`.
 */
export function derivedChatId(name: string | undefined, firstMessageIds: readonly number[]): string {
  const body = `tdesktop-html-chat\n${normaliseName(name ?? '')}\n${firstMessageIds.slice(0, 3).join(',')}`;
  return CHAT_PREFIX + sha256Hex(body).slice(0, 16);
}

/** Derived account id: hash of the chat id it was seen in and the normalised display name. */
export function derivedUserId(chatId: string, name: string): string {
  return USER_PREFIX + sha256Hex(`tdesktop-html-user\n${chatId}\n${normaliseName(name)}`).slice(0, 16);
}

/** True for ids made by derivedChatId / derivedUserId. */
export function isDerivedId(id: string): boolean {
  return /^telegram:html-(chat|user)-[0-9a-f]{16}$/.test(id);
}

/** Kind of a derived id (`user` / `chat`), or undefined. */
export function derivedKind(id: string): 'user' | 'chat' | undefined {
  const m = /^telegram:html-(chat|user)-[0-9a-f]{16}$/.exec(id);
  return m ? (m[1] as 'user' | 'chat') : undefined;
}
