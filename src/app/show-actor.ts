import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import { actorItem, type ActorItem } from './list-actors.js';
import { requireAnalysis } from './require-analysis.js';
import { ownAccountIds } from './own-account-ids.js';

/** One actor's full profile: aliases over time, chats, media by status, replies, hourly activity, network figures. */
export async function showActor(deps: Pick<CaseContext, 'store'>, input: { id: string }): Promise<ActorItem> {
  const ids = input.id.includes(':')
    ? [input.id]
    : [input.id, `telegram:${input.id}`, `telegram:user${input.id}`];
  for (const id of ids) {
    const row = await deps.store.analysis.profile(id);
    if (row)
      return actorItem(row, {
        full: true,
        attribution: await deps.store.triage.attribution(id),
        undercover: (await ownAccountIds(deps.store)).has(row.actorId),
      });
  }
  await requireAnalysis(deps.store);
  throw new AppError('NOT_FOUND', `actor ${input.id}: not in the analysis (no actor has this id)`);
}
