import type { FastifyInstance } from 'fastify';
import { SEARCH_ROUTES } from '../../contracts/search.js';
import { searchMessages } from '../../app/search-messages.js';
import { chatMessagesAround } from '../../app/search-chat-context.js';
import { defineRoute } from '../route.js';
import { readCase } from '../case-access.js';

const [search, chatMessages] = SEARCH_ROUTES;

/** Full-text search (twin of `vigie search --json`; reads are not audited) and the chat context a hit opens. */
export function searchRoutes(app: FastifyInstance): void {
  defineRoute(app, search, async ({ caseDir, query }) =>
    !query.q.trim()
      ? { query: '', items: [], nextCursor: null }
      : readCase(caseDir, (ctx) =>
          searchMessages(ctx, {
            query: query.q,
            ...(query.chat !== undefined ? { chat: query.chat } : {}),
            ...(query.actor !== undefined ? { actor: query.actor } : {}),
            ...(query.from !== undefined ? { from: query.from } : {}),
            ...(query.to !== undefined ? { to: query.to } : {}),
            ...(query.hasMedia === 'true' ? { hasMedia: true } : {}),
            ...(query.status !== undefined ? { status: query.status } : {}),
            ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
            limit: query.limit,
          }),
        ),
  );
  defineRoute(app, chatMessages, async ({ caseDir, params, query }) =>
    readCase(caseDir, (ctx) =>
      chatMessagesAround(ctx, {
        chat: params.chat,
        ...(query.around !== undefined ? { around: query.around } : {}),
        limit: query.limit,
      }),
    ),
  );
}
