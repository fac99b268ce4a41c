import * as z from 'zod';
import { CaseParams, ROLE_SETS } from './common.js';
import type { RouteContract } from './route.js';
import { MediaStatus } from './listings.js';

/** A piece of an excerpt: text, and whether it is a hit (render as text, never as HTML). */
export const ExcerptPart = z.object({ text: z.string(), hit: z.boolean() });

/** One hit of `vigie search --json`. */
export const SearchItem = z.object({
  kind: z.enum(['message', 'actorName', 'chatName']),
  chat: z.string().nullable(),
  message: z.number().nullable(),
  author: z.string().nullable(),
  authorName: z.string().nullable(),
  /** The author is one of the case's own (undercover) accounts (issue 19). */
  authorUndercover: z.boolean(),
  date: z.string().nullable(),
  version: z.string().nullable(),
  edited: z.boolean(),
  excerpt: z.string(),
  parts: z.array(ExcerptPart),
});
/** One hit of `vigie search --json`. */
export type SearchItem = z.infer<typeof SearchItem>;

/** `vigie search --json`: the query as understood, one page of hits, the next page's cursor. */
export const SearchResult = z.object({
  query: z.string(),
  items: z.array(SearchItem),
  nextCursor: z.string().nullable(),
});
/** `vigie search --json`. */
export type SearchResult = z.infer<typeof SearchResult>;

/** `?q=…&chat=…&actor=…&from=…&to=…&hasMedia=true&status=…&cursor=…&limit=…` (docs/search.md). */
export const SearchQueryParams = z.object({
  /** The query (docs/search.md); absent or blank: no hits. */
  q: z.string().max(1000).default(''),
  chat: z.string().max(200).optional(),
  actor: z.string().max(200).optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  hasMedia: z.enum(['true', 'false']).optional(),
  status: MediaStatus.optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});

/** One message of a chat around another (the minimal chat context a search hit opens). */
export const ChatMessage = z.object({
  id: z.number(),
  type: z.string(),
  date: z.string().nullable(),
  author: z.string().nullable(),
  authorName: z.string().nullable(),
  /** The author is one of the case's own (undercover) accounts (issue 19). */
  authorUndercover: z.boolean(),
  text: z.string().nullable(),
  edited: z.string().nullable(),
  replyTo: z.number().nullable(),
  forwardedFrom: z.string().nullable(),
  media: z.number(),
  /** Earlier texts of an edited message (oldest first). */
  versions: z.array(z.object({ version: z.string(), edited: z.string().nullable(), text: z.string() })),
});
/** One message of a chat around another. */
export type ChatMessage = z.infer<typeof ChatMessage>;

/** The messages of a chat around one message: its title and the messages before and after, by id. */
export const ChatContext = z.object({
  chat: z.object({ id: z.string(), title: z.string().nullable(), type: z.string().nullable() }),
  around: z.number(),
  messages: z.array(ChatMessage),
});
/** The messages of a chat around one message. */
export type ChatContext = z.infer<typeof ChatContext>;

/** `?around=ID&limit=N` of the chat context. */
export const ChatMessagesQuery = z.object({
  /** The message to show the context of; absent: the chat's last messages. */
  around: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(40),
});

/** Full-text search and the chat context its hits open. */
export const SEARCH_ROUTES = [
  {
    id: 'search',
    method: 'GET',
    path: '/api/v1/cases/{case}/search',
    summary:
      'Full-text search of every message version, actor name and chat title (twin of vigie search --json)',
    caseScoped: true,
    params: CaseParams,
    roles: ROLE_SETS.analysts,
    query: SearchQueryParams,
    response: SearchResult,
  },
  {
    id: 'chats.messages',
    method: 'GET',
    path: '/api/v1/cases/{case}/chats/{chat}/messages',
    summary: 'The messages of a chat around one message (before and after it, by id)',
    caseScoped: true,
    params: CaseParams.extend({ chat: z.string().min(1).max(200) }),
    roles: ROLE_SETS.analysts,
    query: ChatMessagesQuery,
    response: ChatContext,
  },
] as const satisfies readonly RouteContract[];
