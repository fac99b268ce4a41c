import type { CaseContext } from './context.js';
import { requireAnalysis } from './require-analysis.js';
import { AppError } from '../domain/errors.js';
import type { StoredAttribution } from '../store/attribution.js';
import type { TargetDecision } from '../store/triage.js';
import { ownAccountIds } from './own-account-ids.js';

/** Filters of `vigie targets`. */
export interface ListTargetsInput {
  /** Only actors attributed (not abstained) to this country. */
  readonly country?: string;
  /** Only actors attributed to the case's home jurisdiction. */
  readonly home?: boolean;
  readonly limit?: number;
  /** A page: the targets after this one (rank, actor), in rank order (with `limit`, the page size). */
  readonly after?: { rank: number; actor: string };
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
  deps: Pick<CaseContext, 'store' | 'info'>,
  input: ListTargetsInput = {},
): Promise<TargetItem[]> {
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
  // The case's own (undercover) accounts are never targets (issue 19), even when marked after the last scoring:
  // a page cut in the database reads that many more scores, so that it still holds `limit` targets.
  const own = await ownAccountIds(deps.store);
  // Without a country filter the page is cut in the database; with one, the filter runs over every score.
  const page =
    country === undefined && (input.after !== undefined || input.limit !== undefined)
      ? {
          ...(input.after ? { after: input.after } : {}),
          ...(input.limit !== undefined ? { limit: input.limit + own.size } : {}),
        }
      : undefined;
  const { attributions, decisions, scores } = await deps.store.transaction(
    async (tx) => {
      const scores = await tx.triage.scores(page);
      return {
        attributions: await tx.triage.attributions(page ? scores.map((s) => s.actor) : undefined),
        decisions: await tx.triage.latestDecisions(),
        scores,
      };
    },
    { readonly: true },
  );
  if (scores.length === 0 && !input.after) await requireAnalysis(deps.store);
  const items: TargetItem[] = [];
  for (const s of scores) {
    if (
      input.after &&
      (s.rank < input.after.rank || (s.rank === input.after.rank && s.actor <= input.after.actor))
    )
      continue;
    if (own.has(s.actor)) continue;
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
