import { closeSync, openSync, readSync } from 'node:fs';

/** How much of a main file is read to find its owner (full-account exports put it near the start). */
const HEAD_BYTES = 256 * 1024;

/**
 * True when an export names its owner: a full-account Telegram Desktop JSON export, whose `personal_information`
 * (with the account's `user_id`) comes before its chats and messages. Other exports (single chats, HTML) do not.
 */
export function exportNamesOwner(kind: string, mainFile: string): boolean {
  if (kind !== 'telegram-json') return false;
  let fd: number;
  try {
    fd = openSync(mainFile, 'r');
  } catch {
    return false;
  }
  try {
    const b = Buffer.alloc(HEAD_BYTES);
    const head = b.toString('utf8', 0, readSync(fd, b, 0, b.length, 0));
    const owner = /"personal_information"\s*:\s*\{[^{}]*"user_id"\s*:/.exec(head);
    if (!owner) return false;
    const body = /"(messages|chats)"\s*:/.exec(head);
    return body === null || owner.index < body.index;
  } finally {
    closeSync(fd);
  }
}
