import type { ItemIssue } from '../../domain/issue.js';
import { clusterMedia, DEFAULT_PDQ_THRESHOLD, type ClusterResult } from './clusters.js';
import { videoLinks, type VideoFrames } from './video-links.js';
import { dedupeOccurrences, traceProvenance, type ClusterProvenance } from './provenance.js';
import { rankNovelty, type NoveltyItem } from './novelty.js';
import { findInteractions } from './interactions.js';
import { buildProfiles, type ActorProfile } from './profiles.js';
import { analyseNetwork, type NetworkResult } from './network.js';
import type { Lexicon } from './lexicon.js';
import { assessProduction, type ExifInput, type ProductionItem } from './production.js';
import {
  messageKey,
  type ActorInput,
  type ActorNameInput,
  type MediaStatus,
  type MembershipInput,
  type MessageInput,
  type Occurrence,
  type PdqSignal,
} from './types.js';

/** Everything the analysis reads, as plain data. */
export interface AnalysisInput {
  readonly media: readonly string[];
  readonly occurrences: readonly Occurrence[];
  readonly signals: readonly PdqSignal[];
  readonly statuses: ReadonlyMap<string, MediaStatus>;
  readonly messages: readonly MessageInput[];
  readonly actors: readonly ActorInput[];
  readonly names: readonly ActorNameInput[];
  readonly memberships: readonly MembershipInput[];
  /** Case videos' vPDQ frames: videos matching each other (80 %/80 %) join one cluster. */
  readonly videos?: readonly VideoFrames[];
  /** EXIF facts per media (self-production signals). */
  readonly exif?: readonly ExifInput[];
  /** `sha256#chat#message` of occurrences sent as a file rather than a compressed photo. */
  readonly sentAsFile?: ReadonlySet<string>;
  /** The case's own (undercover) accounts: left out of network centrality, marked in profiles. */
  readonly ownAccounts?: ReadonlySet<string>;
}

/** Settings of one analysis. */
export interface AnalysisOptions {
  readonly pdqThreshold?: number;
  readonly lexicon?: Lexicon | null;
  readonly seed?: number;
  readonly betweennessSources?: number;
  readonly onStage?: (stage: string) => void;
}

/** Everything the analysis derives, sorted and deterministic. */
export interface AnalysisResult {
  readonly clusters: ClusterResult;
  readonly provenance: readonly ClusterProvenance[];
  readonly novelty: readonly NoveltyItem[];
  /** Self-production assessment of each new cluster, by cluster id. */
  readonly production: readonly ProductionItem[];
  readonly profiles: readonly ActorProfile[];
  readonly network: NetworkResult;
  readonly issues: readonly ItemIssue[];
  readonly timings: Readonly<Record<string, number>>;
}

/** Run every pure stage: clusters → provenance → novelty → interactions → profiles → network. */
export function runAnalysis(input: AnalysisInput, opts: AnalysisOptions = {}): AnalysisResult {
  const timings: Record<string, number> = {};
  const timed = <T>(stage: string, f: () => T): T => {
    opts.onStage?.(stage);
    const t0 = performance.now();
    const r = f();
    timings[stage] = Math.round(performance.now() - t0);
    return r;
  };
  const occurrences = dedupeOccurrences(input.occurrences);
  const clusters = timed('clusters', () =>
    clusterMedia({
      media: [...input.media, ...occurrences.map((o) => o.sha256)],
      signals: input.signals,
      statuses: input.statuses,
      threshold: opts.pdqThreshold ?? DEFAULT_PDQ_THRESHOLD,
      links: videoLinks(input.videos ?? []),
    }),
  );
  const prov = timed('provenance', () => traceProvenance(clusters.clusters, occurrences));
  const byKey = new Map(input.messages.map((m) => [messageKey(m.chatId, m.messageId), m]));
  const novelty = timed('novelty', () => rankNovelty(prov.provenance, byKey, opts.lexicon ?? null));
  const production = timed('production', () =>
    assessProduction({
      provenance: prov.provenance,
      clusters: clusters.clusters,
      messages: byKey,
      exif: input.exif ?? [],
      sentAsFile: input.sentAsFile ?? new Set(),
      lexicon: opts.lexicon ?? null,
    }),
  );
  const actorIds = new Set(input.actors.map((a) => a.id));
  const interactions = timed('interactions', () =>
    findInteractions(input.messages, byKey, input.names, actorIds, prov.provenance),
  );
  const profiles = timed('profiles', () =>
    buildProfiles({
      actors: input.actors,
      names: input.names,
      messages: input.messages,
      memberships: input.memberships,
      occurrences,
      provenance: prov.provenance,
      clusterOf: clusters.clusterOf,
      interactions,
    }),
  );
  // Own accounts talk to everyone they watch: left out of the centrality graph, so they neither rank nor lift others.
  const own = input.ownAccounts ?? new Set<string>();
  const network = timed('network', () =>
    analyseNetwork(
      profiles.map((p) => p.id).filter((id) => !own.has(id)),
      interactions.filter((i) => !own.has(i.from) && !own.has(i.to)),
      input.memberships,
      input.messages,
      { seed: opts.seed, betweennessSources: opts.betweennessSources },
    ),
  );
  return {
    clusters,
    provenance: prov.provenance,
    novelty,
    production,
    profiles: own.size ? profiles.map((p) => (own.has(p.id) ? { ...p, undercover: true } : p)) : profiles,
    network,
    issues: [...clusters.issues, ...prov.issues],
    timings,
  };
}
