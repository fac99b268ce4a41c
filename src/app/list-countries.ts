import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';

/** One country's figures. */
export interface CountryRow {
  readonly country: string;
  readonly actors: number;
  readonly targets: number;
}

/** Per-country figures, and with `country` that country's actors and targets with probability. */
export interface CountriesResult {
  readonly items: CountryRow[];
  readonly unattributed: number;
  readonly detail?: {
    country: string;
    actors: Array<{ id: string; name: string | null; probability: number }>;
    targets: Array<{ rank: number; actor: string; score: number; probability: number }>;
  };
}

/** Actors attributed (not abstained) per ISO alpha-2 country and the ranked targets among them. */
export async function listCountries(
  deps: Pick<CaseContext, 'store'>,
  input: { country?: string } = {},
): Promise<CountriesResult> {
  const cc = input.country?.toUpperCase();
  if (cc !== undefined && !/^[A-Z]{2}$/.test(cc))
    throw new AppError('USAGE', `country ${input.country}: expected an ISO 3166-1 alpha-2 code`);
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
  const rows = new Map<string, { actors: number; targets: number }>();
  const row = (c: string) => rows.get(c) ?? rows.set(c, { actors: 0, targets: 0 }).get(c)!;
  let unattributed = 0;
  for (const p of profiles) {
    const a = countryOf(p.actorId);
    if (a) row(a.country).actors++;
    else unattributed++;
  }
  for (const s of scores) {
    const a = countryOf(s.actor);
    if (a) row(a.country).targets++;
  }
  const items = [...rows]
    .map(([country, r]) => ({ country, ...r }))
    .sort((a, b) => (a.country < b.country ? -1 : 1));
  if (cc === undefined) return { items, unattributed };
  const actors = profiles.flatMap((p) => {
    const a = countryOf(p.actorId);
    const names = (p.profile as { names?: string[] } | null)?.names;
    return a?.country === cc
      ? [{ id: p.actorId, name: names?.at(-1) ?? null, probability: a.probability }]
      : [];
  });
  const targets = scores.flatMap((s) => {
    const a = countryOf(s.actor);
    return a?.country === cc
      ? [{ rank: s.rank, actor: s.actor, score: s.total, probability: a.probability }]
      : [];
  });
  return { items, unattributed, detail: { country: cc, actors, targets } };
}
