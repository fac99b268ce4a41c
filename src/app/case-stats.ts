import type { CaseContext } from './context.js';
import { importCounts } from '../store/case-counts.js';
import { mediaStatusCounts } from '../store/media-legacy.js';
import { attributionStats } from '../store/attribution.js';

/** The `vigie stats --json` answer (CLI contract). */
export interface CaseStats {
  sources: number;
  chats: number;
  actors: number;
  members: number;
  messages: number;
  serviceMessages: number;
  media: number;
  images: number;
  videos: number;
  hashed: number;
  knownMedia: number;
  newMedia: number;
  ignoredMedia: number;
  countries: number;
  targets: number;
  /** Targets a supervisor accepted (latest decision per actor). */
  acceptedTargets: number;
}

/** A contributor of figures: each stage adds one (import here; match/analyse/targets add theirs). */
export type StatsProvider = (deps: Pick<CaseContext, 'db'>) => Partial<CaseStats>;

/** Providers, merged in order (later ones win). Extend by appending a provider. */
export const STATS_PROVIDERS: StatsProvider[] = [
  (deps) => importCounts(deps.db.raw),
  (deps) => {
    const { knownMedia, newMedia, ignoredMedia } = mediaStatusCounts(deps.db.raw);
    return { knownMedia, newMedia, ignoredMedia };
  },
  (deps) => {
    const { countries, targets, acceptedTargets } = attributionStats(deps.db.raw);
    return { countries, targets, acceptedTargets };
  },
];

const ZERO: CaseStats = {
  sources: 0,
  chats: 0,
  actors: 0,
  members: 0,
  messages: 0,
  serviceMessages: 0,
  media: 0,
  images: 0,
  videos: 0,
  hashed: 0,
  knownMedia: 0,
  newMedia: 0,
  ignoredMedia: 0,
  countries: 0,
  targets: 0,
  acceptedTargets: 0,
};

/** Figures of the whole case. */
export async function caseStats(deps: Pick<CaseContext, 'db'>): Promise<CaseStats> {
  const out: CaseStats = { ...ZERO };
  for (const p of STATS_PROVIDERS) Object.assign(out, p(deps));
  return out;
}
