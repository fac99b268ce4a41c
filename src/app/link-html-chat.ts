import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import { parsePlatformId } from '../domain/ids.js';
import { derivedKind } from '../pipeline/import/telegram-html/ids.js';
import { planHtmlLink, type LinkPlan } from '../pipeline/import/telegram-html/link.js';
import type { LinkCounts } from '../store/link.js';

/** Input of linkHtmlChat. */
export interface LinkHtmlChatInput {
  /** The chat imported from HTML (`telegram:html-chat-…`). */
  readonly htmlChatId: string;
  /** The same chat imported from JSON (`telegram:channel123`). */
  readonly chatId: string;
  /** Only compute and return the plan; change nothing. */
  readonly dryRun?: boolean;
}

/** What `vigie link` did (or would do). */
export interface LinkHtmlChatResult {
  readonly htmlChatId: string;
  readonly chatId: string;
  readonly plan: LinkPlan;
  /** Null for a dry run. */
  readonly counts: LinkCounts | null;
  readonly auditSeq: number | null;
}

/**
 * Tie an HTML-imported chat and its derived accounts to the same chat imported from JSON (ADR 0007): plan with
 * `planHtmlLink`, refuse when the chats do not agree, then rewrite in one transaction with one `link` audit event.
 * Conflicting derived accounts are reported and left unchanged.
 */
export async function linkHtmlChat(
  deps: Pick<CaseContext, 'store' | 'user'>,
  input: LinkHtmlChatInput,
): Promise<LinkHtmlChatResult> {
  const { htmlChatId: H, chatId: P } = input;
  if (derivedKind(H) !== 'chat')
    throw new AppError('USAGE', `${H}: not an HTML-derived chat id (telegram:html-chat-<16 hex>)`);
  if (!parsePlatformId(P))
    throw new AppError(
      'USAGE',
      `${P}: not a platform chat id (telegram:channel123, telegram:chat45, telegram:user67)`,
    );
  const store = deps.store;
  const linked = await store.sources.aliasOf(H);
  if (linked) throw new AppError('USAGE', `${H}: already linked to ${linked}; nothing changed`);
  for (const id of [H, P])
    if (!(await store.sources.chatExists(id)))
      throw new AppError('NOT_FOUND', `${id}: no such chat in the case`);
  const plan = planHtmlLink(await store.sources.linkableMessages(H), await store.sources.linkableMessages(P));
  if (!plan.sameChat)
    throw new AppError(
      'USAGE',
      `${H} and ${P} do not look like the same chat: ${plan.exact + plan.shifted} of ${plan.compared} messages with a common id agree on time; nothing changed`,
      { plan },
    );
  if (input.dryRun) return { htmlChatId: H, chatId: P, plan, counts: null, auditSeq: null };
  const actors = plan.actors.map((a) => ({
    from: a.from,
    to: a.to,
    details: { messages: a.messages, htmlName: a.htmlName, platformName: a.platformName },
  }));
  const chatDetails = { compared: plan.compared, exact: plan.exact, shifted: plan.shifted };
  const out = await store.transaction(async (tx) => {
    const sources = await tx.integrity.sourcesOfChat(H);
    await tx.integrity.assertRowsIntact(sources, `link ${H} ${P}`);
    const ev = await tx.audit.append({
      user: deps.user,
      command: 'link',
      subject: H,
      details: { to: P, ...chatDetails, actors: plan.actors, conflicts: plan.conflicts },
    });
    const counts = await tx.sources.applyHtmlLink({
      htmlChat: H,
      platformChat: P,
      actors,
      auditSeq: ev.seq,
      at: ev.at,
      chatDetails,
    });
    // The rows it rewrote belong to the linked sources: their digests are re-recorded (ADR 0010).
    await tx.integrity.recordChangedDigests({
      user: deps.user,
      sources,
      after: { command: 'link', seq: ev.seq, subject: H },
    });
    await tx.search.rebuild(); // the search index follows the rewritten chat and actor ids (link is rare)
    return { counts, auditSeq: ev.seq };
  });
  return { htmlChatId: H, chatId: P, plan, ...out };
}
