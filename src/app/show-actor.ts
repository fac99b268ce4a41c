import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import { actorItem, type ActorItem } from './list-actors.js';

/** One actor's full profile: aliases over time, chats, media by status, replies, hourly activity, network figures. */
export async function showActor(deps: Pick<CaseContext, 'store'>, input: { id: string }): Promise<ActorItem> {
  const ids = input.id.includes(':')
    ? [input.id]
    : [input.id, `telegram:${input.id}`, `telegram:user${input.id}`];
  for (const id of ids) {
    const row = await deps.store.analysis.profile(id);
    if (row) return actorItem(row, { full: true, attribution: await deps.store.triage.attribution(id) });
  }
  throw new AppError(
    'NOT_FOUND',
    `actor ${input.id}: not in the analysis (unknown id, or run 'vigie analyse' first)`,
  );
}
