import type { FastifyInstance } from 'fastify';
import { CHAT_ROUTES } from '../../contracts/chat.js';
import { chatTimeline } from '../../app/chat-timeline.js';
import { chatPositions } from '../../app/chat-positions.js';
import { defineRoute } from '../route.js';
import { readCase } from '../case-access.js';

const [timeline, positions] = CHAT_ROUTES;

/** The chat reader: a chat's timeline paged both ways, and where actors are in the chats (reads, not audited). */
export function chatRoutes(app: FastifyInstance): void {
  defineRoute(app, timeline, async ({ caseDir, params, query }) =>
    readCase(caseDir, (ctx) =>
      chatTimeline(ctx, {
        chat: params.chat,
        ...(query.before !== undefined ? { before: query.before } : {}),
        ...(query.after !== undefined ? { after: query.after } : {}),
        ...(query.around !== undefined ? { around: query.around } : {}),
        ...(query.date !== undefined ? { date: query.date } : {}),
        limit: query.limit,
      }),
    ),
  );
  defineRoute(app, positions, async ({ caseDir, query }) =>
    readCase(caseDir, (ctx) => chatPositions(ctx, { actors: query.actors })),
  );
}
