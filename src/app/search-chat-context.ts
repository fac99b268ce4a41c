import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import { isoUtc } from '../domain/time.js';
import { isOwn, ownAccountIds } from './own-account-ids.js';

/** One message of a chat context. */
export interface ChatContextMessage {
  readonly id: number;
  readonly type: string;
  readonly date: string | null;
  readonly author: string | null;
  readonly authorName: string | null;
  /** The author is one of the case's own (undercover) accounts (issue 19). */
  readonly authorUndercover: boolean;
  readonly text: string | null;
  readonly edited: string | null;
  readonly replyTo: number | null;
  readonly forwardedFrom: string | null;
  readonly media: number;
  readonly versions: { version: string; edited: string | null; text: string }[];
}

/** A chat and its messages around one. */
export interface ChatContextResult {
  readonly chat: { id: string; title: string | null; type: string | null };
  readonly around: number;
  readonly messages: ChatContextMessage[];
}

/**
 * The messages of a chat around one message (half before it, itself, half after, by id): the minimal chat context
 * a search hit opens (no message named: the last `limit`). NOT_FOUND when the chat is unknown.
 */
export async function chatMessagesAround(
  deps: Pick<CaseContext, 'store'>,
  input: { chat: string; around?: number; limit?: number },
): Promise<ChatContextResult> {
  const limit = input.limit ?? 40;
  const before = Math.ceil(limit / 2);
  // No message named: the chat's last messages.
  const at = input.around ?? Number.MAX_SAFE_INTEGER;
  const r = await deps.store.search.chatContext(
    input.chat,
    at,
    input.around === undefined ? limit : before,
    limit - before,
  );
  if (!r) throw new AppError('NOT_FOUND', `chat ${input.chat}: no such chat in the case`);
  const own = await ownAccountIds(deps.store);
  return {
    chat: r.chat,
    around: input.around ?? r.messages.at(-1)?.message_id ?? 0,
    messages: r.messages.map((m) => ({
      id: m.message_id,
      type: m.type,
      date: isoUtc(m.date_utc),
      author: m.author_id,
      authorName: m.author_name,
      authorUndercover: isOwn(own, m.author_id),
      text: m.text,
      edited: isoUtc(m.edited_utc),
      replyTo: m.reply_to,
      forwardedFrom: m.forwarded_from,
      media: m.media,
      versions: m.versions.map((v) => ({ version: v.version, edited: isoUtc(v.edited_utc), text: v.text })),
    })),
  };
}
