import { existsSync, readFileSync } from 'node:fs';
import { requireAnalysis } from './require-analysis.js';
import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import type { Repositories } from '../store/repositories.js';
import { runStage } from './run-stage.js';
import { compileLexicon, parseLexicon } from '../pipeline/analyse/lexicon.js';
import { DEFAULT_POLICY, type TriagePolicy } from '../pipeline/analyse/default-policy.js';
import { parsePolicy } from '../pipeline/analyse/triage-policy.js';
import { rankTargets, type TriageFacts, type TriageScore } from '../pipeline/analyse/triage.js';

/** Options of a triage run. */
export interface ScoreTargetsInput {
  /** Policy file (JSON or YAML); absent = the default policy. */
  readonly policyFile?: string;
  /** Agency lexicon file (see `vigie analyse --lexicon`). */
  readonly lexiconFile?: string;
}

/** What a triage run produced. */
export interface ScoreTargetsReport {
  readonly runId: string;
  readonly policy: string;
  readonly actors: number;
  readonly top: readonly TriageScore[];
}

/** Load a policy file, or the default policy. */
export function loadPolicy(file: string | undefined): TriagePolicy {
  if (!file) return DEFAULT_POLICY;
  if (!existsSync(file)) throw new AppError('FILE_NOT_FOUND', `${file}: policy file not found`);
  return parsePolicy(readFileSync(file, 'utf8'), file);
}

const arr = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** Assemble each actor's triage facts from the analysis results, matches, lexicon and attributions. */
export async function loadTriageFacts(
  store: Pick<Repositories, 'analysis' | 'triage' | 'runs' | 'own'>,
  lexiconFile?: string,
): Promise<{ facts: TriageFacts[]; networkSize: number }> {
  const profiles = await store.analysis.profiles();
  if (profiles.length === 0) await requireAnalysis(store);
  const reposts = new Map<string, number>();
  for (const c of await store.analysis.clusters())
    if (c.originatorId) reposts.set(c.originatorId, (reposts.get(c.originatorId) ?? 0) + c.reposters);
  const known = await store.triage.knownMediaByActor();
  const production = await store.analysis.production();
  // The case's own (undercover) accounts are never targets (issue 19).
  const own = await store.own.list();
  const attributions = await store.triage.attributions();
  const hits = new Map<string, Array<{ term: string; chat: string; message: number }>>();
  if (lexiconFile) {
    if (!existsSync(lexiconFile))
      throw new AppError('FILE_NOT_FOUND', `${lexiconFile}: lexicon file not found`);
    const lex = compileLexicon(parseLexicon(readFileSync(lexiconFile, 'utf8'), lexiconFile));
    for (const m of await store.triage.attributionMessages()) {
      if (!m.text) continue;
      for (const term of lex.match(m.text)) {
        const l = hits.get(m.author) ?? [];
        l.push({ term, chat: m.chat, message: m.message });
        hits.set(m.author, l);
      }
    }
  }
  const facts = profiles
    .filter((p) => !own.has(p.actorId))
    .map((p): TriageFacts => {
      const prof = (p.profile ?? {}) as { newClusters?: unknown; chats?: unknown; lastSeen?: unknown };
      const last = typeof prof.lastSeen === 'string' ? Date.parse(prof.lastSeen) : Number.NaN;
      const a = attributions.get(p.actorId);
      return {
        actor: p.actorId,
        newClusters: arr(prof.newClusters),
        production: {
          likely: arr(prof.newClusters).filter((c) => production.get(c) === 'likely'),
          possible: arr(prof.newClusters).filter((c) => production.get(c) === 'possible'),
        },
        knownMedia: known.get(p.actorId) ?? [],
        lexiconHits: hits.get(p.actorId) ?? [],
        chats: arr(prof.chats),
        repostsOfTheirMedia: reposts.get(p.actorId) ?? 0,
        pagerank: p.pagerank,
        lastActivity: Number.isNaN(last) ? null : last,
        attribution: a ? { country: a.country, probability: a.probability, abstained: a.abstained } : null,
      };
    });
  return { facts, networkSize: profiles.filter((p) => p.pagerank !== null && !own.has(p.actorId)).length };
}

/** Score every actor under a policy and replace table `score` (one run, one audited transaction). */
export async function scoreTargets(
  deps: Pick<CaseContext, 'store' | 'user' | 'info'>,
  input: ScoreTargetsInput = {},
): Promise<ScoreTargetsReport> {
  const policy = loadPolicy(input.policyFile);
  const { facts, networkSize } = await deps.store.transaction(
    (tx) => loadTriageFacts(tx, input.lexiconFile),
    { readonly: true },
  );
  const scores = rankTargets(facts, { home: deps.info.home, networkSize }, policy);
  return runStage(deps, 'triage', { policy: policy.name, lexicon: input.lexiconFile ?? null }, (run) =>
    Promise.resolve({
      result: { runId: run.id, policy: policy.name, actors: scores.length, top: scores.slice(0, 10) },
      stats: { actors: scores.length },
      write: (tx: Repositories) => tx.triage.replaceScores(run.id, JSON.stringify(policy), scores),
      audit: { command: 'score', details: { policy: policy.name, actors: scores.length } },
    }),
  );
}

/**
 * Make sure scores exist before listing: attribute actors when no attribution exists yet, and (re)score when no
 * scores exist or when a policy or lexicon is given. Returns what it ran.
 */
export async function prepareTargets(
  deps: Pick<CaseContext, 'store' | 'user' | 'info'>,
  input: ScoreTargetsInput = {},
): Promise<{ attributed: boolean; scored: boolean }> {
  let attributed = false;
  if (!(await deps.store.triage.hasRows('attribution'))) {
    // Loaded only when the case has no attribution yet (its language models take ~1.5 s to load).
    const { attributeActors } = await import('./attribute-actors.js');
    await attributeActors(deps);
    attributed = true;
  }
  if (!(await deps.store.triage.hasRows('score')) || input.policyFile || input.lexiconFile || attributed) {
    await scoreTargets(deps, input);
    return { attributed, scored: true };
  }
  return { attributed, scored: false };
}
