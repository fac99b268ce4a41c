import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';

/** The audit command of a reveal. */
export const REVEAL_COMMAND = 'media reveal';
/** Longest reason accepted. */
export const MAX_REASON_LENGTH = 1000;

/** A recorded reveal. */
export interface Reveal {
  readonly sha256: string;
  readonly reason: string;
  readonly by: string;
  readonly at: string;
  readonly auditSeq: number;
}

/**
 * Record that a person reveals one media's original (wellness: only blurred greyscale thumbnails otherwise). The
 * reason is required; the audit event (person, media, reason) is written before any byte is served.
 */
export async function revealMedia(
  deps: Pick<CaseContext, 'store' | 'user'>,
  input: { sha256: string; reason: string; now?: () => number },
): Promise<Reveal> {
  const sha256 = input.sha256.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(sha256))
    throw new AppError('USAGE', `'${input.sha256}': expected a media SHA-256 (64 hex digits)`);
  const reason = input.reason.trim();
  if (!reason) throw new AppError('USAGE', 'reason: a reveal needs a reason');
  if (reason.length > MAX_REASON_LENGTH)
    throw new AppError('USAGE', `reason: at most ${MAX_REASON_LENGTH} characters`);
  const at = new Date((input.now ?? Date.now)()).toISOString();
  return deps.store.transaction(async (tx) => {
    if (!(await tx.decisions.mediaFile(sha256)))
      throw new AppError('NOT_FOUND', `no media with SHA-256 ${sha256}`);
    const event = await tx.audit.append({
      user: deps.user,
      command: REVEAL_COMMAND,
      subject: sha256,
      details: { reason },
      at,
    });
    return { sha256, reason, by: deps.user, at, auditSeq: event.seq };
  });
}
