import type { CaseContext } from './context.js';
import type { Repositories } from '../store/repositories.js';

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
  /** Hashed, unmatched media with PDQ quality under 50 (status `uncertain`, not counted as new). */
  uncertainMedia: number;
  targets: number;
  /** Targets a supervisor accepted (latest decision per actor). */
  acceptedTargets: number;
}

/** A contributor of figures: each stage adds one (import here; match/analyse/targets add theirs). */
export type StatsProvider = (store: Repositories) => Promise<Partial<CaseStats>>;

/** Providers, merged in order (later ones win). Extend by appending a provider. */
export const STATS_PROVIDERS: StatsProvider[] = [
  (store) => store.analysis.importCounts(),
  async (store) => {
    const { knownMedia, newMedia, ignoredMedia, uncertainMedia } = await store.media.statusCounts();
    return { knownMedia, newMedia, ignoredMedia, uncertainMedia };
  },
  async (store) => {
    const { countries, targets, acceptedTargets } = await store.triage.stats();
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
  uncertainMedia: 0,
  targets: 0,
  acceptedTargets: 0,
};

/** Figures of the whole case. */
export async function caseStats(deps: Pick<CaseContext, 'store'>): Promise<CaseStats> {
  return deps.store.transaction(
    async (tx) => {
      const out: CaseStats = { ...ZERO };
      for (const p of STATS_PROVIDERS) Object.assign(out, await p(tx));
      return out;
    },
    { readonly: true },
  );
}
