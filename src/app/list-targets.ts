import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import { attributionsByActor, type StoredAttribution } from '../store/attribution.js';
import { latestDecisions, listScores, type TargetDecision } from '../store/triage.js';

/** Filters of `vigie targets`. */
export interface ListTargetsInput {
  /** Only actors attributed (not abstained) to this country. */
  readonly country?: string;
  /** Only actors attributed to the case's home jurisdiction. */
  readonly home?: boolean;
  readonly limit?: number;
}

/** One item of `vigie targets --json` (field contract: rank, actor, score, factors, attribution). */
export interface TargetItem {
  readonly rank: number;
  readonly actor: string;
  readonly score: number;
  readonly factors: readonly unknown[];
  readonly attribution: StoredAttribution | null;
  readonly decision: TargetDecision | null;
}

/** Scored actors ordered by rank, with their attribution and latest decision. */
export async function listTargets(
  deps: Pick<CaseContext, 'db' | 'info'>,
  input: ListTargetsInput = {},
): Promise<TargetItem[]> {
  const raw = deps.db.raw;
  let country = input.country?.toUpperCase();
  if (input.home) {
    if (!deps.info.home)
      throw new AppError('USAGE', '--home: this case has no home jurisdiction (vigie init --home CC)');
    country = deps.info.home;
  }
  if (country !== undefined && !/^[A-Z]{2}$/.test(country))
    throw new AppError('USAGE', `--country ${input.country}: expected an ISO 3166-1 alpha-2 code`);
  if (input.limit !== undefined && (!Number.isInteger(input.limit) || input.limit < 1))
    throw new AppError('USAGE', `--limit ${input.limit}: expected a positive integer`);
  const attributions = attributionsByActor(raw);
  const decisions = latestDecisions(raw);
  const items: TargetItem[] = [];
  for (const s of listScores(raw)) {
    const a = attributions.get(s.actor) ?? null;
    if (country !== undefined && a?.country !== country) continue;
    items.push({
      rank: s.rank,
      actor: s.actor,
      score: s.total,
      factors: s.factors,
      attribution: a,
      decision: decisions.get(s.actor) ?? null,
    });
    if (input.limit !== undefined && items.length >= input.limit) break;
  }
  return items;
}
