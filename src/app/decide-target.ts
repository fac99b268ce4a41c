import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import type { TargetDecision } from '../store/triage.js';
import { TARGET_DECIDE_COMMAND } from '../domain/audit-commands.js';

/** Input of `vigie target ACTOR --decide accept|reject --reason TEXT`. */
export interface DecideTargetInput {
  readonly actor: string;
  readonly decision: string;
  readonly reason: string;
}

/** Record a supervisor's decision on a target, with an audit event in the same transaction. */
export async function decideTarget(
  deps: Pick<CaseContext, 'store' | 'user'>,
  input: DecideTargetInput,
): Promise<TargetDecision & { auditSeq: number }> {
  if (input.decision !== 'accept' && input.decision !== 'reject')
    throw new AppError('USAGE', `--decide ${input.decision}: expected accept or reject`);
  const reason = input.reason.trim();
  if (!reason) throw new AppError('USAGE', '--reason: a decision needs a reason');
  const d: TargetDecision = {
    actor: input.actor,
    decision: input.decision,
    reason,
    user: deps.user,
    at: new Date().toISOString(),
  };
  const seq = await deps.store.transaction(async (tx) => {
    if (!(await tx.triage.actorExists(d.actor)))
      throw new AppError('NOT_FOUND', `${d.actor}: no such actor in this case`);
    await tx.triage.decide(d);
    const event = await tx.audit.append({
      user: d.user,
      command: TARGET_DECIDE_COMMAND,
      subject: d.actor,
      details: { decision: d.decision, reason: d.reason },
      at: d.at,
    });
    return event.seq;
  });
  return { ...d, auditSeq: seq };
}
