import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import { getActorProfile } from '../store/analysis.js';
import { getAttribution } from '../store/attribution.js';
import { actorItem, type ActorItem } from './list-actors.js';

/** One actor's full profile: aliases over time, chats, media by status, replies, hourly activity, network figures. */
export async function showActor(deps: Pick<CaseContext, 'db'>, input: { id: string }): Promise<ActorItem> {
  const ids = input.id.includes(':')
    ? [input.id]
    : [input.id, `telegram:${input.id}`, `telegram:user${input.id}`];
  for (const id of ids) {
    const row = getActorProfile(deps.db.raw, id);
    if (row) return actorItem(row, { full: true, attribution: getAttribution(deps.db.raw, id) });
  }
  throw new AppError(
    'NOT_FOUND',
    `actor ${input.id}: not in the analysis (unknown id, or run 'vigie analyse' first)`,
  );
}
