/**
 * Self-production assessment of new clusters (issue 19): was this new picture made by the person who posted it?
 * Each signal carries its weight, its value and the message or EXIF field it came from; no single signal reaches
 * `possible` on its own. Pure and deterministic.
 */
import type { ClusterProvenance } from './provenance.js';
import type { Lexicon } from './lexicon.js';
import type { MediaCluster } from './clusters.js';
import { pdqWords } from './pdq-bands.js';
import { cmpStr, messageKey, type MessageInput } from './types.js';

/** EXIF facts of one media (what `vigie hash` stored). */
export interface ExifInput {
  readonly sha256: string;
  readonly make: string | null;
  readonly model: string | null;
  /** `YYYY-MM-DDTHH:MM:SS[±HH:MM]`, camera local time. */
  readonly takenAt: string | null;
  readonly gpsLat: number | null;
  readonly gpsLon: number | null;
}

/** The assessment's three answers. */
export type ProductionAssessment = 'likely' | 'possible' | 'unlikely';

/** One signal of an assessment: its weight, its value and where it came from. */
export interface ProductionSignal {
  readonly signal:
    | 'first-post'
    | 'forwarded'
    | 'sent-as-file'
    | 'camera'
    | 'capture-time'
    | 'gps'
    | 'series'
    | 'lexicon'
    | 'reposted';
  readonly weight: number;
  readonly value: string;
  /** The message (`chat#message`) or EXIF field (`sha256 EXIF Model`) the value was read from. */
  readonly from: string;
}

/** One new cluster's assessment. */
export interface ProductionItem {
  readonly clusterId: string;
  readonly assessment: ProductionAssessment;
  readonly score: number;
  readonly signals: readonly ProductionSignal[];
}

/** Weights and thresholds (docs/analysis.md § Self-production). */
export const PRODUCTION_WEIGHTS = {
  firstPost: 1,
  forwarded: -2,
  sentAsFile: 0.5,
  camera: 2,
  captureTime: 1,
  gps: 0.5,
  series: 2,
  perLexiconTerm: 1,
  maxLexicon: 2,
  reposted: 1,
  /** A camera capture at most this long before the first post counts as fresh. */
  captureDays: 30,
  /** Two captures of one camera model by one poster this close are one series. */
  seriesDays: 14,
  /** PDQ distances in this band (inclusive) between two new clusters of one poster: same scene, other shot. */
  seriesBand: [32, 90] as const,
  likely: 4,
  possible: 2.5,
} as const;

/** Inputs of the production stage. */
export interface ProductionInput {
  readonly provenance: readonly ClusterProvenance[];
  readonly clusters: readonly MediaCluster[];
  readonly messages: ReadonlyMap<string, MessageInput>;
  readonly exif: readonly ExifInput[];
  /** `sha256#chat#message` of the occurrences sent as a file (document) rather than a compressed photo. */
  readonly sentAsFile: ReadonlySet<string>;
  readonly lexicon: Lexicon | null;
}

const DAY = 86_400_000;
const r2 = (x: number): number => Math.round(x * 100) / 100;
const localMs = (s: string | null): number | null => {
  const t = s ? Date.parse(`${s.slice(0, 19)}Z`) : Number.NaN;
  return Number.isNaN(t) ? null : t;
};

/** Assess every new cluster with a first occurrence; sorted by cluster id. */
export function assessProduction(input: ProductionInput): ProductionItem[] {
  const W = PRODUCTION_WEIGHTS;
  const exifOf = new Map(input.exif.map((e) => [e.sha256, e]));
  const byId = new Map(input.clusters.map((c) => [c.id, c]));
  const fresh = input.provenance
    .filter((p) => p.status === 'new' && p.first !== null)
    .sort((a, b) => cmpStr(a.clusterId, b.clusterId));
  // Per cluster: the first file's camera facts and PDQ, for the series signal.
  const facts = new Map(
    fresh.map((p) => {
      const e = exifOf.get(p.first!.sha256);
      const pdq = byId.get(p.clusterId)?.members.find((m) => m.sha256 === p.first!.sha256)?.pdq ?? null;
      return [p.clusterId, { e, pdq: pdq ? pdqWords(pdq) : null, at: localMs(e?.takenAt ?? null) }];
    }),
  );
  const byPoster = new Map<string, string[]>();
  for (const p of fresh)
    if (p.originator && !isForward(p, input.messages))
      byPoster.set(p.originator, [...(byPoster.get(p.originator) ?? []), p.clusterId]);
  return fresh.map((p): ProductionItem => {
    const first = p.first!;
    const where = `${first.chatId}#${first.messageId}`;
    const signals: ProductionSignal[] = [];
    const fwd = input.messages.get(messageKey(first.chatId, first.messageId))?.forwardedFrom ?? null;
    if (isForward(p, input.messages))
      signals.push({ signal: 'forwarded', weight: W.forwarded, value: fwd ?? 'forward', from: where });
    else if (p.originator)
      signals.push({ signal: 'first-post', weight: W.firstPost, value: p.originator, from: where });
    if (input.sentAsFile.has(`${first.sha256}#${first.chatId}#${first.messageId}`))
      signals.push({ signal: 'sent-as-file', weight: W.sentAsFile, value: 'document', from: where });
    const f = facts.get(p.clusterId)!;
    const e = f.e;
    const exifFrom = (field: string) => `${first.sha256} EXIF ${field}`;
    if (e && (e.make || e.model))
      signals.push({
        signal: 'camera',
        weight: W.camera,
        value: [e.make, e.model].filter(Boolean).join(' '),
        from: exifFrom('Make/Model'),
      });
    const postedAt = first.dateUtc;
    if (e?.takenAt && f.at !== null && postedAt !== null) {
      // Camera local time against UTC: a day of slack either way covers every time zone.
      const age = (postedAt - f.at) / DAY;
      if (age > -1 && age <= W.captureDays + 1)
        signals.push({
          signal: 'capture-time',
          weight: W.captureTime,
          value: `${e.takenAt} (${r2(Math.max(0, age))} days before the first post)`,
          from: exifFrom('DateTimeOriginal'),
        });
    }
    if (e && e.gpsLat !== null && e.gpsLon !== null)
      signals.push({
        signal: 'gps',
        weight: W.gps,
        value: `${e.gpsLat.toFixed(4)},${e.gpsLon.toFixed(4)}`,
        from: exifFrom('GPS'),
      });
    const series = p.originator && signals.some((s) => s.signal === 'first-post') ? seriesOf(p, f) : [];
    if (series.length > 0)
      signals.push({
        signal: 'series',
        weight: W.series,
        value: series.slice(0, 5).join('; ') + (series.length > 5 ? `; … ${series.length} in all` : ''),
        from: `new clusters first posted by ${p.originator}`,
      });
    const terms = input.lexicon ? captionTerms(p, input.messages, input.lexicon) : [];
    if (terms.length > 0)
      signals.push({
        signal: 'lexicon',
        weight: W.perLexiconTerm * Math.min(W.maxLexicon, terms.length),
        value: terms.join(', '),
        from: where,
      });
    const others = p.spread.reposters.filter((r) => r.actorId !== p.originator);
    if (others.length > 0)
      signals.push({
        signal: 'reposted',
        weight: W.reposted,
        value: `${others.length} others reposted it (first ${others[0]!.actorId})`,
        from: `later occurrences of ${p.clusterId}`,
      });
    const score = r2(signals.reduce((s, x) => s + x.weight, 0));
    const assessment: ProductionAssessment =
      score >= W.likely ? 'likely' : score >= W.possible ? 'possible' : 'unlikely';
    return { clusterId: p.clusterId, assessment, score, signals };
  });

  function seriesOf(
    p: ClusterProvenance,
    f: { e: ExifInput | undefined; pdq: Uint32Array | null; at: number | null },
  ): string[] {
    const out: string[] = [];
    for (const other of byPoster.get(p.originator!) ?? []) {
      if (other === p.clusterId) continue;
      const g = facts.get(other)!;
      if (f.e?.model && g.e?.model === f.e.model && f.at !== null && g.at !== null) {
        const days = Math.abs(f.at - g.at) / DAY;
        if (days <= W.seriesDays) {
          out.push(`${other}: same camera ${f.e.model}, ${r2(days)} days apart`);
          continue;
        }
      }
      if (f.pdq && g.pdq) {
        const d = distance(f.pdq, g.pdq);
        if (d >= W.seriesBand[0] && d <= W.seriesBand[1]) out.push(`${other}: PDQ distance ${d}`);
      }
    }
    return out;
  }
}

function isForward(p: ClusterProvenance, messages: ReadonlyMap<string, MessageInput>): boolean {
  const first = p.first!;
  return (
    !!first.forwarded ||
    (messages.get(messageKey(first.chatId, first.messageId))?.forwardedFrom ?? null) !== null
  );
}

/** Lexicon terms in the first occurrence's caption and the originator's own later posts of the cluster. */
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

/** Hamming distance of two PDQ hashes as 8 words. */
function distance(a: Uint32Array, b: Uint32Array): number {
  let d = 0;
  for (let k = 0; k < 8; k++) {
    let v = (a[k]! ^ b[k]!) >>> 0;
    v = v - ((v >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    d += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return d;
}
