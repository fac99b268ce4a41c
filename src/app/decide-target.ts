import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import { appendAudit } from '../store/audit.js';
import { actorExists, insertDecision, type TargetDecision } from '../store/triage.js';

/** Input of `vigie target ACTOR --decide accept|reject --reason TEXT`. */
export interface DecideTargetInput {
  readonly actor: string;
  readonly decision: string;
  readonly reason: string;
}

/** Record a supervisor's decision on a target, with an audit event in the same transaction. */
export async function decideTarget(
  deps: Pick<CaseContext, 'db' | 'user'>,
  input: DecideTargetInput,
): Promise<TargetDecision & { auditSeq: number }> {
  if (input.decision !== 'accept' && input.decision !== 'reject')
    throw new AppError('USAGE', `--decide ${input.decision}: expected accept or reject`);
  const reason = input.reason.trim();
  if (!reason) throw new AppError('USAGE', '--reason: a decision needs a reason');
  const raw = deps.db.raw;
  if (!actorExists(raw, input.actor))
    throw new AppError('NOT_FOUND', `${input.actor}: no such actor in this case`);
  const d: TargetDecision = {
    actor: input.actor,
    decision: input.decision,
    reason,
    user: deps.user,
    at: new Date().toISOString(),
  };
  let seq = 0;
  raw.transaction(() => {
    insertDecision(raw, d);
    seq = appendAudit(raw, {
      user: d.user,
      command: 'target decide',
      subject: d.actor,
      details: { decision: d.decision, reason: d.reason },
      at: d.at,
    }).seq;
  })();
  return { ...d, auditSeq: seq };
}
