import { issue, type ItemIssue } from '../../domain/issue.js';
import { STATUS_RANK, cmpStr, type MediaStatus, type PdqSignal } from './types.js';
import { forEachCrossPair, forEachNearPair, pdqWords } from './pdq-bands.js';
import { DIHEDRAL_SLOTS } from '../../signals/pdq/bits.js';
import { MIN_PDQ_QUALITY } from '../../domain/media-status.js';

export { MIN_PDQ_QUALITY };
/** Default PDQ clustering threshold: Meta's confident-match distance (≤ 31 bits of 256, inclusive). */
export const DEFAULT_PDQ_THRESHOLD = 31;

/** One media inside a cluster. */
export interface ClusterMember {
  readonly sha256: string;
  readonly status: MediaStatus;
  readonly pdq: string | null;
  /** PDQ distance to the cluster's seed (its smallest sha256), null when either has no usable PDQ. */
  readonly distanceToSeed: number | null;
  /** When this member is nearest the seed rotated or mirrored: the dihedral slot (`flipy`, `rot90` …). */
  readonly transform?: string;
}

/** Media that are the same picture: identical bytes or PDQ within the threshold (transitively). */
export interface MediaCluster {
  /** Stable id derived from the smallest member sha256: `c-` + its first 16 hex digits. */
  readonly id: string;
  readonly status: MediaStatus;
  /** Sorted by sha256; the first is the seed. */
  readonly members: readonly ClusterMember[];
}

/** Inputs of the clustering stage. */
export interface ClusterInput {
  /** Every media sha256 to place (media without PDQ become singleton clusters). */
  readonly media: readonly string[];
  readonly signals: readonly PdqSignal[];
  /** Status per sha256; missing → 'new' when the media has a PDQ, else 'unhashed'. */
  readonly statuses: ReadonlyMap<string, MediaStatus>;
  readonly threshold?: number;
  readonly minQuality?: number;
  /** Extra same-content pairs found by other signals (videos matching under vPDQ), linked like PDQ pairs. */
  readonly links?: readonly (readonly [string, string])[];
  /** Also link media whose rotated or mirrored PDQ (stored dihedral hashes) is within the threshold (default true). */
  readonly dihedral?: boolean;
}

/** Result of clustering: clusters sorted by id, a sha256 → cluster id map, and per-item issues. */
export interface ClusterResult {
  readonly clusters: readonly MediaCluster[];
  readonly clusterOf: ReadonlyMap<string, string>;
  readonly links: number;
  /** Of the links, those found only through a rotated or mirrored hash. */
  readonly dihedralLinks: number;
  /** Media whose PDQ quality is below the minimum: clustered by identical bytes only. */
  readonly lowQuality: readonly string[];
  readonly issues: readonly ItemIssue[];
}

const PDQ_RE = /^[0-9a-f]{64}$/;

/** The id of a cluster whose smallest member sha256 is `seed`. */
export function clusterIdOf(seed: string): string {
  return `c-${seed.slice(0, 16)}`;
}

/** Cluster media by union-find over PDQ pairs within the threshold; deterministic for the same inputs. */
export function clusterMedia(input: ClusterInput): ClusterResult {
  const threshold = input.threshold ?? DEFAULT_PDQ_THRESHOLD;
  const minQuality = input.minQuality ?? MIN_PDQ_QUALITY;
  const issues: ItemIssue[] = [];
  const all = [...new Set([...input.media, ...input.signals.map((s) => s.sha256)])].sort(cmpStr);
  const index = new Map(all.map((h, i) => [h, i]));
  const pdqOf = new Map<string, string>();
  for (const s of [...input.signals].sort((a, b) => cmpStr(a.sha256, b.sha256))) {
    const v = s.pdq.toLowerCase();
    if (!PDQ_RE.test(v)) {
      issues.push(issue('PDQ_INVALID', s.sha256, 'pdq', `not 64 hex digits: '${s.pdq.slice(0, 80)}'`));
      continue;
    }
    pdqOf.set(s.sha256, v);
  }
  const parent = Int32Array.from(all, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  // Link only hashes of sufficient quality; keep the smaller index as root so roots are deterministic.
  const lowQuality: string[] = [];
  const linkable = [...pdqOf.keys()].map((sha) => index.get(sha)!);
  const quality = new Map(input.signals.map((s) => [s.sha256, s.quality]));
  const usable = linkable
    .filter((i) => {
      const sha = all[i]!;
      const q = quality.get(sha) ?? null;
      if (q !== null && q < minQuality) {
        lowQuality.push(sha);
        return false;
      }
      return true;
    })
    .sort((a, b) => a - b);
  let links = 0;
  forEachNearPair(
    usable.map((i) => pdqOf.get(all[i]!)!),
    threshold,
    (a, b) => {
      const ra = find(usable[a]!);
      const rb = find(usable[b]!);
      if (ra === rb) return;
      links++;
      if (ra < rb) parent[rb] = ra;
      else parent[ra] = rb;
    },
  );
  // Rotated and mirrored copies: each usable media's 7 other dihedral hashes against every plain hash.
  let dihedralLinks = 0;
  const dihedralOf = new Map(input.signals.map((s) => [s.sha256, s.dihedral]));
  if (input.dihedral ?? true) {
    const owners: number[] = [];
    const queries: string[] = [];
    usable.forEach((ui, k) => {
      const sha = all[ui]!;
      const plain = pdqOf.get(sha)!;
      for (const v of dihedralOf.get(sha) ?? [])
        if (PDQ_RE.test(v) && v !== plain) {
          owners.push(k);
          queries.push(v);
        }
    });
    forEachCrossPair(
      usable.map((i) => pdqOf.get(all[i]!)!),
      queries,
      threshold,
      (q, b) => {
        const ra = find(usable[owners[q]!]!);
        const rb = find(usable[b]!);
        if (ra === rb) return;
        links++;
        dihedralLinks++;
        if (ra < rb) parent[rb] = ra;
        else parent[ra] = rb;
      },
    );
  }
  for (const [a, b] of input.links ?? []) {
    const ia = index.get(a);
    const ib = index.get(b);
    if (ia === undefined || ib === undefined) continue;
    const ra = find(ia);
    const rb = find(ib);
    if (ra === rb) continue;
    links++;
    if (ra < rb) parent[rb] = ra;
    else parent[ra] = rb;
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < all.length; i++) {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  const statusOf = (sha: string): MediaStatus =>
    input.statuses.get(sha) ?? (pdqOf.has(sha) ? 'new' : 'unhashed');
  const clusters: MediaCluster[] = [];
  const clusterOf = new Map<string, string>();
  for (const idxs of groups.values()) {
    const seed = all[idxs[0]!]!;
    const seedPdq = pdqOf.get(seed);
    const id = clusterIdOf(seed);
    let status: MediaStatus = 'unhashed';
    const members = idxs.map((i) => {
      const sha = all[i]!;
      const st = statusOf(sha);
      if (STATUS_RANK[st] > STATUS_RANK[status]) status = st;
      const pdq = pdqOf.get(sha) ?? null;
      clusterOf.set(sha, id);
      return { sha256: sha, status: st, pdq, ...toSeed(pdq, dihedralOf.get(sha), seedPdq) };
    });
    clusters.push({ id, status, members });
  }
  clusters.sort((a, b) => cmpStr(a.id, b.id));
  return { clusters, clusterOf, links, dihedralLinks, lowQuality: lowQuality.sort(cmpStr), issues };
}

/** Distance of a member to the seed: plain, or through its nearest rotation or mirror when that is nearer. */
function toSeed(
  pdq: string | null,
  dihedral: readonly string[] | undefined,
  seedPdq: string | undefined,
): { distanceToSeed: number | null; transform?: string } {
  if (!pdq || !seedPdq) return { distanceToSeed: null };
  let best = hamming(pdq, seedPdq);
  let transform: string | undefined;
  (dihedral ?? []).forEach((v, i) => {
    if (!PDQ_RE.test(v)) return;
    const d = hamming(v, seedPdq);
    if (d < best) {
      best = d;
      transform = DIHEDRAL_SLOTS[i + 1];
    }
  });
  return transform ? { distanceToSeed: best, transform } : { distanceToSeed: best };
}

/** Hamming distance between two 64-hex PDQ values. */
export function hamming(a: string, b: string): number {
  const wa = pdqWords(a);
  const wb = pdqWords(b);
  let d = 0;
  for (let k = 0; k < 8; k++) {
    let v = (wa[k]! ^ wb[k]!) >>> 0;
    while (v) {
      v &= v - 1;
      d++;
    }
  }
  return d;
}
