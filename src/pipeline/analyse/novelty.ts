import type { ClusterProvenance } from './provenance.js';
import type { Lexicon } from './lexicon.js';
import { cmpStr, isoUtc, messageKey, type MessageInput } from './types.js';

/** One reason a new cluster points to a producer, with its weight in the score. */
export interface NoveltyFactor {
  readonly factor: 'first-post' | 'first-is-forward' | 'originator-new-clusters' | 'lexicon';
  readonly weight: number;
  readonly detail: string;
}

/** A new cluster in the new-content view, with the evidence that orders it. */
export interface NoveltyItem {
  readonly clusterId: string;
  readonly score: number;
  readonly originator: string | null;
  readonly firstSeen: string | null;
  readonly firstMessage: { chat: string; message: number } | null;
  readonly occurrences: number;
  readonly chatsReached: number;
  readonly lexiconTerms: readonly string[];
  readonly evidence: readonly NoveltyFactor[];
}

/** Weights of the novelty factors (documented in docs/analysis.md). */
export const NOVELTY_WEIGHTS = {
  firstPost: 3,
  firstIsForward: -2,
  perExtraNewCluster: 1,
  maxExtraNewClusters: 5,
  perLexiconTerm: 2,
  maxLexiconTerms: 3,
} as const;

/** The new-content view: clusters with status new, strongest pointers to a producer first. */
export function rankNovelty(
  provenance: readonly ClusterProvenance[],
  messages: ReadonlyMap<string, MessageInput>,
  lexicon: Lexicon | null,
): NoveltyItem[] {
  const fresh = provenance.filter((p) => p.status === 'new' && p.first !== null);
  const originated = new Map<string, number>();
  for (const p of fresh)
    if (p.originator) originated.set(p.originator, (originated.get(p.originator) ?? 0) + 1);
  const W = NOVELTY_WEIGHTS;
  const items = fresh.map((p): NoveltyItem => {
    const first = p.first!;
    const evidence: NoveltyFactor[] = [];
    const firstMsg = messages.get(messageKey(first.chatId, first.messageId));
    const forwardedFrom = firstMsg?.forwardedFrom ?? null;
    if (first.forwarded || forwardedFrom !== null) {
      evidence.push({
        factor: 'first-is-forward',
        weight: W.firstIsForward,
        detail: `the first occurrence is a forward${forwardedFrom ? ` from "${forwardedFrom}"` : ''}: the producer may be outside the case`,
      });
    } else if (p.originator) {
      evidence.push({
        factor: 'first-post',
        weight: W.firstPost,
        detail: `${p.originator} posted it first, in ${first.chatId} message ${first.messageId}`,
      });
    }
    const n = p.originator ? (originated.get(p.originator) ?? 0) : 0;
    if (n >= 2) {
      evidence.push({
        factor: 'originator-new-clusters',
        weight: W.perExtraNewCluster * Math.min(W.maxExtraNewClusters, n - 1),
        detail: `${p.originator} originated ${n} new clusters`,
      });
    }
    const terms = lexicon ? captionTerms(p, messages, lexicon) : [];
    if (terms.length > 0) {
      evidence.push({
        factor: 'lexicon',
        weight: W.perLexiconTerm * Math.min(W.maxLexiconTerms, terms.length),
        detail: `caption terms: ${terms.join(', ')}`,
      });
    }
    return {
      clusterId: p.clusterId,
      score: evidence.reduce((s, e) => s + e.weight, 0),
      originator: p.originator,
      firstSeen: isoUtc(first.dateUtc),
      firstMessage: { chat: first.chatId, message: first.messageId },
      occurrences: p.occurrences,
      chatsReached: p.spread.chats.length,
      lexiconTerms: terms,
      evidence,
    };
  });
  return items.sort(
    (a, b) =>
      b.score - a.score ||
      cmpStr(a.firstSeen ?? '\uffff', b.firstSeen ?? '\uffff') ||
      cmpStr(a.clusterId, b.clusterId),
  );
}

/** Lexicon terms in the caption of the first occurrence and of the originator's own posts of the cluster. */
function captionTerms(
  p: ClusterProvenance,
  messages: ReadonlyMap<string, MessageInput>,
  lexicon: Lexicon,
): string[] {
  const found = new Set<string>();
  const posts = [p.first!, ...p.later.filter((l) => l.authorId !== null && l.authorId === p.originator)];
  for (const o of posts) {
    const text = messages.get(messageKey(o.chatId, o.messageId))?.text;
    if (text) for (const t of lexicon.match(text)) found.add(t);
  }
  return [...found].sort();
}
