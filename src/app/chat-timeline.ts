import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import { isoUtc } from '../domain/time.js';
import type { ReaderMessageRow, TimelineCursor } from '../store/repos/chats.js';
import { isOwn, ownAccountIds } from './own-account-ids.js';

/** Which page of a chat: before or after a message id, around one, from a UTC day, or (none) the last. */
export interface TimelineInput {
  readonly chat: string;
  readonly before?: number;
  readonly after?: number;
  readonly around?: number;
  /** `YYYY-MM-DD`, a UTC day. */
  readonly date?: string;
  readonly limit?: number;
}

/** One message of the chat reader (contract: `TimelineMessage` in src/contracts/chat.ts). */
export interface TimelineMessage {
  readonly id: number;
  readonly type: string;
  readonly date: string | null;
  readonly dateLocal: string | null;
  readonly tzAssumed: string | null;
  readonly author: string | null;
  readonly authorName: string | null;
  /** The author is one of the case's own (undercover) accounts (issue 19). */
  readonly authorUndercover: boolean;
  readonly text: string | null;
  readonly edited: string | null;
  readonly reply: {
    id: number;
    found: boolean;
    author: string | null;
    authorName: string | null;
    text: string | null;
    media: number;
  } | null;
  readonly forwardedFrom: string | null;
  readonly savedFrom: string | null;
  readonly viaBot: string | null;
  readonly action: string | null;
  readonly details: Record<string, unknown>;
  readonly versions: { version: string; edited: string | null; text: string }[];
  readonly media: {
    sha256: string | null;
    kind: string;
    role: string;
    placeholder: string | null;
    mime: string | null;
    fileName: string | null;
  }[];
}

/** A page of a chat's timeline (contract: `TimelinePage`). */
export interface TimelinePage {
  readonly chat: { id: string; title: string | null; type: string | null; messages: number };
  readonly messages: TimelineMessage[];
  readonly hasBefore: boolean;
  readonly hasAfter: boolean;
  readonly anchor: number | null;
}

const QUOTE = 160;

/** A stored `details` JSON as an object (service messages: title, members, inviter…); {} when not an object. */
function detailsOf(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The epoch ms of a UTC day `YYYY-MM-DD`, USAGE when it is not a real day. */
function dayStart(date: string): number {
  const ms = Date.parse(`${date}T00:00:00.000Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date)
    throw new AppError('USAGE', `date ${date}: not a day (YYYY-MM-DD)`);
  return ms;
}

/**
 * A page of a chat's timeline (the chat reader, issue 15), in message id order, each message with its replied
 * message quoted, earlier versions, service action and media occurrences; paged both ways in the SQL. NOT_FOUND
 * for an unknown chat, USAGE when more than one of before/after/around/date is given.
 */
export async function chatTimeline(
  deps: Pick<CaseContext, 'store'>,
  input: TimelineInput,
): Promise<TimelinePage> {
  const limit = input.limit ?? 50;
  const given = (['before', 'after', 'around', 'date'] as const).filter((k) => input[k] !== undefined);
  if (given.length > 1)
    throw new AppError('USAGE', `give one of before, after, around, date (got ${given.join(', ')})`);
  const chats = deps.store.chats;
  const chat = await chats.chat(input.chat);
  if (!chat) throw new AppError('NOT_FOUND', `chat ${input.chat}: no such chat in the case`);
  let anchor: number | null = null;
  let rows: ReaderMessageRow[];
  let hasBefore = false;
  let hasAfter = false;
  const at = input.date !== undefined ? await chats.firstAtOrAfter(input.chat, dayStart(input.date)) : null;
  const around = input.around ?? at;
  if (around !== null && around !== undefined) {
    anchor = (await chats.has(input.chat, around)) ? around : null;
    const half = Math.ceil(limit / 2);
    const lower = await chats.page(input.chat, { before: around + 1 }, half);
    const higher = await chats.page(input.chat, { after: around }, limit - half);
    rows = [...lower.rows, ...higher.rows];
    hasBefore = lower.more;
    hasAfter = higher.more;
  } else {
    const cursor: TimelineCursor =
      input.before !== undefined
        ? { before: input.before }
        : input.after !== undefined
          ? { after: input.after }
          : { last: true };
    const p = await chats.page(input.chat, cursor, limit);
    rows = p.rows;
    // The other side of a cursor: is there any message at or past it?
    if ('after' in cursor) {
      hasAfter = p.more;
      hasBefore = (await chats.page(input.chat, { before: cursor.after + 1 }, 1)).rows.length > 0;
    } else {
      hasBefore = p.more;
      hasAfter =
        'before' in cursor && (await chats.page(input.chat, { after: cursor.before - 1 }, 1)).rows.length > 0;
    }
  }
  return { chat, messages: await withDetails(deps, input.chat, rows), hasBefore, hasAfter, anchor };
}

/** The messages of a page with their quotes, versions and media (three reads for the page, not one per message). */
async function withDetails(
  deps: Pick<CaseContext, 'store'>,
  chatId: string,
  rows: readonly ReaderMessageRow[],
): Promise<TimelineMessage[]> {
  const chats = deps.store.chats;
  const ids = rows.map((r) => r.message_id);
  const replied = [...new Set(rows.flatMap((r) => (r.reply_to === null ? [] : [r.reply_to])))];
  const [quotes, media, versions, own] = [
    await chats.messages(chatId, replied),
    await chats.media(chatId, [...new Set([...ids, ...replied])]),
    await chats.versions(chatId, ids),
    await ownAccountIds(deps.store),
  ];
  const quoted = new Map(quotes.map((q) => [q.message_id, q]));
  return rows.map((r) => {
    const q = r.reply_to === null ? undefined : quoted.get(r.reply_to);
    const earlier = new Set<string>();
    return {
      id: r.message_id,
      type: r.type,
      date: isoUtc(r.date_utc),
      dateLocal: r.date_local,
      tzAssumed: r.tz_assumed,
      author: r.author_id,
      authorName: r.author_name,
      authorUndercover: isOwn(own, r.author_id),
      text: r.text,
      edited: isoUtc(r.edited_utc),
      reply:
        r.reply_to === null
          ? null
          : {
              id: r.reply_to,
              found: q !== undefined,
              author: q?.author_id ?? null,
              authorName: q?.author_name ?? null,
              text: q?.text ? (q.text.length > QUOTE ? `${q.text.slice(0, QUOTE)}…` : q.text) : null,
              media: media.filter((m) => m.message_id === r.reply_to).length,
            },
      forwardedFrom: r.forwarded_from,
      savedFrom: r.saved_from,
      viaBot: r.via_bot,
      action: r.action,
      details: detailsOf(r.details),
      versions: versions
        .filter((v) => v.message_id === r.message_id && v.text !== null && v.text !== r.text)
        .filter((v) => !earlier.has(v.text ?? '') && earlier.add(v.text ?? ''))
        .map((v) => ({ version: v.version_hash, edited: isoUtc(v.edited_utc), text: v.text ?? '' })),
      media: media
        .filter((m) => m.message_id === r.message_id)
        .map((m) => ({
          sha256: m.sha256,
          kind: m.kind,
          role: m.role,
          placeholder: m.placeholder,
          mime: m.mime,
          fileName: m.file_name,
        })),
    };
  });
}
