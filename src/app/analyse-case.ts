import { existsSync, readFileSync } from 'node:fs';
import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import { runStage } from './run-stage.js';
import { parseVpdq } from '../signals/vpdq/index.js';
import type { AnalysisRows } from '../store/analysis.js';
import { runAnalysis, type AnalysisResult } from '../pipeline/analyse/analyse.js';
import { compileLexicon, parseLexicon, type Lexicon } from '../pipeline/analyse/lexicon.js';
import { sha256Hex } from '../domain/canonical.js';
import { DEFAULT_PDQ_THRESHOLD } from '../pipeline/analyse/clusters.js';
import type { MediaStatus } from '../domain/media-status.js';
import { isoUtc } from '../domain/time.js';

/** Options of `vigie analyse`. */
export interface AnalyseCaseInput {
  readonly lexiconFile?: string;
  readonly pdqThreshold?: number;
  /** Hash-list status per media sha256 (tests); defaults to the match stage's status. */
  readonly statuses?: ReadonlyMap<string, MediaStatus>;
  readonly onStage?: (stage: string) => void;
}

/** What one analyse run produced. */
export interface AnalyseCaseReport {
  runId: string;
  media: number;
  clusters: number;
  clustersByStatus: Record<MediaStatus, number>;
  pdqLinks: number;
  /** Links found only through a rotated or mirrored PDQ (flipped copies joined to their original). */
  dihedralLinks: number;
  lowQualityPdq: number;
  /** New clusters by self-production assessment. */
  production: Record<'likely' | 'possible' | 'unlikely', number>;
  /** The case's own (undercover) accounts, left out of network centrality. */
  ownAccounts: number;
  actors: number;
  interactionEdges: number;
  membershipEdges: number;
  communities: number;
  modularity: number;
  betweennessSampled: number | null;
  lexiconTerms: number;
  issues: number;
  timingsMs: Record<string, number>;
  topNew: Array<{ cluster: string; score: number; originator: string | null; firstSeen: string | null }>;
}

function loadLexicon(file: string | undefined): { lexicon: Lexicon; sha256: string } | null {
  if (file === undefined) return null;
  if (!existsSync(file)) throw new AppError('FILE_NOT_FOUND', `${file}: lexicon file not found`);
  const text = readFileSync(file, 'utf8');
  return { lexicon: compileLexicon(parseLexicon(text, file)), sha256: sha256Hex(text) };
}

/** Recompute clusters, provenance, novelty, profiles and the network; replace the previous results in one transaction. */
export async function analyseCase(
  deps: Pick<CaseContext, 'store' | 'user'>,
  input: AnalyseCaseInput = {},
): Promise<AnalyseCaseReport> {
  const threshold = input.pdqThreshold ?? DEFAULT_PDQ_THRESHOLD;
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > 128)
    throw new AppError(
      'USAGE',
      `--pdq-threshold: expected an integer 0–128, got ${String(input.pdqThreshold)}`,
    );
  const lex = loadLexicon(input.lexiconFile);
  const lexicon = lex?.lexicon ?? null;
  const options = {
    pdqThreshold: threshold,
    lexicon: input.lexiconFile ?? null,
    lexiconSha256: lex?.sha256 ?? null,
    lexiconTerms: lexicon?.terms.length ?? 0,
  };
  return runStage(deps, 'analyse', options, async (run) => {
    input.onStage?.('load');
    // One read-only snapshot: the inputs agree with each other even if another writer commits meanwhile.
    const { rows, statuses, vpdq, own } = await run.store.transaction(
      async (tx) => ({
        rows: await tx.analysis.loadInput(),
        statuses: input.statuses ?? (await tx.media.statuses()),
        vpdq: await tx.media.listVpdq(),
        own: await tx.own.list(),
      }),
      { readonly: true },
    );
    // One vPDQ per video, native size preferred, so that all videos compare under the same convention.
    const vpdqOf = new Map<string, { convention: string; value: string }>();
    for (const v of vpdq) if (!vpdqOf.has(v.sha256) || v.convention === 'native') vpdqOf.set(v.sha256, v);
    const videos = [...vpdqOf].map(([sha256, v]) => ({ sha256, frames: parseVpdq(v.value) }));
    const result = runAnalysis(
      { ...rows, statuses, videos, sentAsFile: new Set(rows.sentAsFile), ownAccounts: new Set(own.keys()) },
      { pdqThreshold: threshold, lexicon, onStage: input.onStage },
    );
    const report = summarise(run.id, result, rows.media.length, lexicon?.terms.length ?? 0, own.size);
    return {
      result: report,
      status: result.issues.length > 0 ? 'issues' : 'ok',
      stats: { ...report, topNew: undefined },
      write: async (tx) => {
        input.onStage?.('write');
        await tx.analysis.replace(run.id, toRows(result));
      },
      audit: {
        command: 'analyse',
        details: {
          options,
          clusters: report.clusters,
          clustersByStatus: report.clustersByStatus,
          actors: report.actors,
          issues: report.issues,
        },
      },
    };
  });
}

function summarise(
  runId: string,
  r: AnalysisResult,
  media: number,
  lexiconTerms: number,
  ownAccounts: number,
): AnalyseCaseReport {
  const production = { likely: 0, possible: 0, unlikely: 0 };
  for (const p of r.production) production[p.assessment]++;
  const byStatus: Record<MediaStatus, number> = { known: 0, ignored: 0, new: 0, uncertain: 0, unhashed: 0 };
  for (const c of r.clusters.clusters) byStatus[c.status]++;
  return {
    runId,
    media,
    clusters: r.clusters.clusters.length,
    clustersByStatus: byStatus,
    pdqLinks: r.clusters.links,
    dihedralLinks: r.clusters.dihedralLinks,
    production,
    ownAccounts,
    lowQualityPdq: r.clusters.lowQuality.length,
    actors: r.profiles.length,
    interactionEdges: r.network.actorEdges.length,
    membershipEdges: r.network.chatEdges.length,
    communities: r.network.communities,
    modularity: Math.round(r.network.modularity * 1e6) / 1e6,
    betweennessSampled: r.network.betweennessSampled,
    lexiconTerms,
    issues: r.issues.length,
    timingsMs: { ...r.timings },
    topNew: r.novelty.slice(0, 10).map((n) => ({
      cluster: n.clusterId,
      score: n.score,
      originator: n.originator,
      firstSeen: n.firstSeen,
    })),
  };
}

/** Map the pure results to store rows. */
export function toRows(r: AnalysisResult): AnalysisRows {
  const novelty = new Map(r.novelty.map((n, i) => [n.clusterId, { item: n, rank: i + 1 }]));
  const byId = new Map(r.clusters.clusters.map((c) => [c.id, c]));
  const clusters = r.provenance.map((p) => {
    const nv = novelty.get(p.clusterId);
    const members = byId.get(p.clusterId)?.members ?? [];
    return {
      id: p.clusterId,
      status: p.status,
      members: members.length,
      occurrences: p.occurrences,
      firstSeen: p.first?.dateUtc ?? null,
      firstChatId: p.first?.chatId ?? null,
      firstMessageId: p.first?.messageId ?? null,
      firstSha256: p.first?.sha256 ?? null,
      originatorId: p.originator,
      chatsReached: p.spread.chats.length,
      reposters: p.spread.reposters.length,
      noveltyScore: nv?.item.score ?? null,
      noveltyRank: nv?.rank ?? null,
      details: {
        members: members.map((m) => ({
          sha256: m.sha256,
          status: m.status,
          distanceToSeed: m.distanceToSeed,
          ...(m.transform ? { transform: m.transform } : {}),
        })),
        first: p.first && { ...p.first, date: isoUtc(p.first.dateUtc) },
        later: p.later.map((l) => ({ ...l, date: isoUtc(l.dateUtc) })),
        spread: p.spread,
        novelty: nv
          ? { score: nv.item.score, lexiconTerms: nv.item.lexiconTerms, evidence: nv.item.evidence }
          : null,
      },
    };
  });
  const members = r.clusters.clusters.flatMap((c) =>
    c.members.map((m) => ({
      sha256: m.sha256,
      clusterId: c.id,
      status: m.status,
      distanceToSeed: m.distanceToSeed,
    })),
  );
  const profiles = r.profiles.map((p) => {
    const m = r.network.metrics.get(p.id);
    return {
      actorId: p.id,
      messages: p.messages,
      newClustersOriginated: p.newClustersOriginated,
      community: m?.community ?? null,
      pagerank: m?.pagerank ?? null,
      betweenness: m?.betweenness ?? null,
      profile: p,
    };
  });
  const edges = [
    ...r.network.actorEdges.map((e) => ({
      source: e.source,
      target: e.target,
      kind: 'interaction' as const,
      weight: e.weight,
      details: { replies: e.replies, mentions: e.mentions, reposts: e.reposts },
    })),
    ...r.network.chatEdges.map((e) => ({
      source: e.actorId,
      target: e.chatId,
      kind: 'membership' as const,
      weight: Math.max(1, e.posts),
      details: { kinds: e.kinds, posts: e.posts },
    })),
  ];
  const production = r.production.map((p) => ({
    clusterId: p.clusterId,
    assessment: p.assessment,
    score: p.score,
    signals: p.signals,
  }));
  return { clusters, members, profiles, edges, production, issues: r.issues };
}
