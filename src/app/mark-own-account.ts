import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import { telegramUserId } from '../store/own-accounts.js';
import { ACTOR_UNDERCOVER_COMMAND } from '../domain/audit-commands.js';

/** Input of `vigie actor ID --undercover [--reason TEXT]` (or `--not-undercover`). */
export interface MarkOwnAccountInput {
  readonly actor: string;
  readonly undercover: boolean;
  readonly reason?: string;
}

/** What was recorded. */
export interface MarkOwnAccountResult {
  readonly actor: string;
  readonly undercover: boolean;
  readonly reason: string | null;
  readonly user: string;
  readonly at: string;
  readonly auditSeq: number;
  /** The mark reaches targets and network figures at the next `vigie analyse`. */
  readonly reanalyse: true;
}

/** Mark (or unmark) one of the case's own (undercover) accounts; audited in the same transaction. */
export async function markOwnAccount(
  deps: Pick<CaseContext, 'store' | 'user'>,
  input: MarkOwnAccountInput,
): Promise<MarkOwnAccountResult> {
  const actor = telegramUserId(input.actor) ?? input.actor.trim();
  const reason = input.reason?.trim() || null;
  const at = new Date().toISOString();
  const auditSeq = await deps.store.transaction(async (tx) => {
    if (!(await tx.triage.actorExists(actor)))
      throw new AppError('NOT_FOUND', `${actor}: no such actor in this case`);
    const event = await tx.audit.append({
      user: deps.user,
      command: ACTOR_UNDERCOVER_COMMAND,
      subject: actor,
      details: { undercover: input.undercover, reason },
      at,
    });
    await tx.own.mark({
      actorId: actor,
      undercover: input.undercover,
      reason,
      user: deps.user,
      at,
      auditSeq: event.seq,
    });
    return event.seq;
  });
  return { actor, undercover: input.undercover, reason, user: deps.user, at, auditSeq, reanalyse: true };
}
