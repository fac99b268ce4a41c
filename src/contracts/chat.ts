import * as z from 'zod';
import { CaseParams, ROLE_SETS } from './common.js';
import type { RouteContract } from './route.js';

/** A media occurrence of a message: what the reader needs for its wellness thumbnail (never the original). */
export const TimelineMedia = z.object({
  sha256: z.string().nullable(),
  kind: z.string(),
  role: z.string(),
  /** Why the export holds no file (not downloaded, too large…), or null. */
  placeholder: z.string().nullable(),
  mime: z.string().nullable(),
  fileName: z.string().nullable(),
});

/** The message a reply quotes: its author and the start of its text (found: false when the chat lacks it). */
export const TimelineQuote = z.object({
  id: z.number(),
  found: z.boolean(),
  author: z.string().nullable(),
  authorName: z.string().nullable(),
  text: z.string().nullable(),
  media: z.number(),
});

/** One message of the chat reader, as stored: service messages carry their action and its details. */
export const TimelineMessage = z.object({
  id: z.number(),
  /** `message` or `service` (joins, invitations, pins, title changes). */
  type: z.string(),
  /** ISO-8601 UTC, null when unknown. */
  date: z.string().nullable(),
  /** The export's wall clock when it had no UTC time, with the zone assumed. */
  dateLocal: z.string().nullable(),
  tzAssumed: z.string().nullable(),
  author: z.string().nullable(),
  authorName: z.string().nullable(),
  /** The author is one of the case's own (undercover) accounts (issue 19). */
  authorUndercover: z.boolean(),
  text: z.string().nullable(),
  edited: z.string().nullable(),
  reply: TimelineQuote.nullable(),
  forwardedFrom: z.string().nullable(),
  savedFrom: z.string().nullable(),
  viaBot: z.string().nullable(),
  action: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  /** Earlier texts of an edited message, oldest first (the current text is `text`). */
  versions: z.array(z.object({ version: z.string(), edited: z.string().nullable(), text: z.string() })),
  media: z.array(TimelineMedia),
});
/** One message of the chat reader. */
export type TimelineMessage = z.infer<typeof TimelineMessage>;

/** A page of a chat's timeline in id order, whether there is more either way, and the message asked for. */
export const TimelinePage = z.object({
  chat: z.object({
    id: z.string(),
    title: z.string().nullable(),
    type: z.string().nullable(),
    messages: z.number(),
  }),
  messages: z.array(TimelineMessage),
  hasBefore: z.boolean(),
  hasAfter: z.boolean(),
  /** The message `around` named, or the first of `date`; null when there is none. */
  anchor: z.number().nullable(),
});
/** A page of a chat's timeline. */
export type TimelinePage = z.infer<typeof TimelinePage>;

const MessageId = z.coerce.number().int().min(0);

/** `?before=ID | after=ID | around=ID | date=YYYY-MM-DD` (at most one; none: the last messages) and `limit`. */
export const TimelineQuery = z.object({
  before: MessageId.optional(),
  after: MessageId.optional(),
  around: MessageId.optional(),
  /** A UTC day: the page around the chat's first message of that day or later. */
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day, YYYY-MM-DD')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** `{case}` and `{chat}` (platform id). */
export const ChatParams = CaseParams.extend({ chat: z.string().min(1).max(200) });

/** A message's place in a chat. */
export const ChatPosition = z.object({ chat: z.string(), message: z.number(), date: z.string().nullable() });

/** Where actors are in the chats: their first post of new content and their latest message. */
export const ChatPositions = z.object({
  items: z.array(
    z.object({
      actor: z.string(),
      firstPost: ChatPosition.nullable(),
      latestMessage: ChatPosition.nullable(),
    }),
  ),
});
/** Where actors are in the chats. */
export type ChatPositions = z.infer<typeof ChatPositions>;

/** `?actors=ID,ID,…` (platform ids, at most 200). */
export const ChatPositionsQuery = z.object({
  actors: z
    .string()
    .max(20_000)
    .default('')
    .transform((s) => [...new Set(s.split(',').map((x) => x.trim()))].filter(Boolean))
    .refine((xs) => xs.length <= 200, 'at most 200 actors'),
});

/** The chat reader (issue 15): a chat's timeline paged both ways, and where actors are in the chats. */
export const CHAT_ROUTES = [
  {
    id: 'chats.timeline',
    method: 'GET',
    path: '/api/v1/cases/{case}/chats/{chat}/timeline',
    summary:
      'A page of a chat: before or after a message id, around one, from a day, or the last; replies quoted, edits, service messages, media',
    caseScoped: true,
    params: ChatParams,
    roles: ROLE_SETS.analysts,
    query: TimelineQuery,
    response: TimelinePage,
  },
  {
    id: 'chats.positions',
    method: 'GET',
    path: '/api/v1/cases/{case}/chat-positions',
    summary: "Actors' first post of new content and latest message (the targets' show-in-chat links)",
    caseScoped: true,
    params: CaseParams,
    roles: ROLE_SETS.analysts,
    query: ChatPositionsQuery,
    response: ChatPositions,
  },
] as const satisfies readonly RouteContract[];
