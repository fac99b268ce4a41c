import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import { perAnalysis } from './analysis-cache.js';
import { ownAccountIds } from './own-account-ids.js';

/** One country's figures. */
export interface CountryRow {
  readonly country: string;
  readonly actors: number;
  readonly targets: number;
}

/** One attributed actor of a country, marked when it is one of the case's own (undercover) accounts. */
export interface CountryActor {
  readonly id: string;
  readonly name: string | null;
  readonly probability: number;
  readonly undercover: boolean;
}

/** Per-country figures, and with `country` that country's actors and targets with probability. */
export interface CountriesResult {
  readonly items: CountryRow[];
  readonly unattributed: number;
  readonly detail?: {
    country: string;
    actors: CountryActor[];
    targets: Array<{ rank: number; actor: string; score: number; probability: number }>;
  };
}

/** What every answer of one analysis shares: the figures, and per country its actors and targets. */
interface Base {
  readonly items: CountryRow[];
  readonly unattributed: number;
  readonly actors: Map<string, Array<Omit<CountryActor, 'undercover'>>>;
  readonly targets: Map<string, Array<{ rank: number; actor: string; score: number; probability: number }>>;
}

/** Read the profiles, attributions and scores once and sort them by country. */
async function readBase(deps: Pick<CaseContext, 'store'>): Promise<Base> {
  const { profiles, attributions, scores } = await deps.store.transaction(
    async (tx) => ({
      profiles: await tx.analysis.profiles(),
      attributions: await tx.triage.attributions(),
      scores: await tx.triage.scores(),
    }),
    { readonly: true },
  );
  const countryOf = (id: string): { country: string; probability: number } | null => {
    const a = attributions.get(id);
    return a && !a.abstained && a.country ? { country: a.country, probability: a.probability } : null;
  };
  const actors: Base['actors'] = new Map();
  const targets: Base['targets'] = new Map();
  let unattributed = 0;
  for (const p of profiles) {
    const a = countryOf(p.actorId);
    if (!a) {
      unattributed++;
      continue;
    }
    const names = (p.profile as { names?: string[] } | null)?.names;
    const list = actors.get(a.country) ?? actors.set(a.country, []).get(a.country)!;
    list.push({ id: p.actorId, name: names?.at(-1) ?? null, probability: a.probability });
  }
  for (const s of scores) {
    const a = countryOf(s.actor);
    if (!a) continue;
    const list = targets.get(a.country) ?? targets.set(a.country, []).get(a.country)!;
    list.push({ rank: s.rank, actor: s.actor, score: s.total, probability: a.probability });
  }
  const items = [...new Set([...actors.keys(), ...targets.keys()])].sort().map((country) => ({
    country,
    actors: actors.get(country)?.length ?? 0,
    targets: targets.get(country)?.length ?? 0,
  }));
  return { items, unattributed, actors, targets };
}

/**
 * Actors attributed (not abstained) per ISO alpha-2 country and the ranked targets among them; read once per
 * analysis of an open case (a server's), the own-account marks read at each call (never targets, marked).
 */
export async function listCountries(
  deps: Pick<CaseContext, 'store'>,
  input: { country?: string } = {},
): Promise<CountriesResult> {
  const cc = input.country?.toUpperCase();
  if (cc !== undefined && !/^[A-Z]{2}$/.test(cc))
    throw new AppError('USAGE', `country ${input.country}: expected an ISO 3166-1 alpha-2 code`);
  const base = await perAnalysis(deps.store, 'countries', () => readBase(deps));
  const { items, unattributed } = base;
  if (cc === undefined) return { items, unattributed };
  const own = await ownAccountIds(deps.store);
  return {
    items,
    unattributed,
    detail: {
      country: cc,
      actors: (base.actors.get(cc) ?? []).map((a) => ({ ...a, undercover: own.has(a.id) })),
      targets: (base.targets.get(cc) ?? []).filter((t) => !own.has(t.actor)),
    },
  };
}
