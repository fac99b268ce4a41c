import {
  cmpStr,
  isoUtc,
  type ActorInput,
  type ActorNameInput,
  type MediaStatus,
  type MembershipInput,
  type MessageInput,
  type Occurrence,
} from './types.js';
import type { ClusterProvenance } from './provenance.js';
import type { Interaction } from './interactions.js';

/** One alias of an actor with when and where it was seen. */
export interface AliasEntry {
  readonly name: string;
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  readonly sources: readonly string[];
}

/** Everything the case says about one account (one platform id across every collection). */
export interface ActorProfile {
  readonly id: string;
  readonly kind: string;
  /** One of the case's own (collecting, undercover) accounts: never a target, outside network centrality. */
  readonly undercover?: true;
  /** Display names in order of first appearance. */
  readonly names: readonly string[];
  /** Alias history: each name with first/last seen and sources (renames visible). */
  readonly aliases: readonly AliasEntry[];
  readonly chats: readonly string[];
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  /** Regular messages authored. */
  readonly messages: number;
  /** Distinct media posted, by status of the media's cluster. */
  readonly media: Readonly<Record<MediaStatus, number>>;
  readonly newClustersOriginated: number;
  readonly newClusters: readonly string[];
  /** Posts of media whose cluster someone else posted first. */
  readonly reposts: number;
  readonly repliesGiven: number;
  readonly repliesReceived: number;
  readonly mentionsGiven: number;
  readonly mentionsReceived: number;
  /** Regular messages per UTC hour 0–23. */
  readonly hourly: readonly number[];
}

/** Inputs of the profile stage. */
export interface ProfileInput {
  readonly actors: readonly ActorInput[];
  readonly names: readonly ActorNameInput[];
  readonly messages: readonly MessageInput[];
  readonly memberships: readonly MembershipInput[];
  readonly occurrences: readonly Occurrence[];
  readonly provenance: readonly ClusterProvenance[];
  readonly clusterOf: ReadonlyMap<string, string>;
  readonly interactions: readonly Interaction[];
}

interface Acc {
  kind: string;
  names: Map<string, { first: number | null; last: number | null; sources: Set<string> }>;
  chats: Set<string>;
  first: number | null;
  last: number | null;
  messages: number;
  media: Record<MediaStatus, Set<string>>;
  newClusters: string[];
  reposts: number;
  counts: Record<'repliesGiven' | 'repliesReceived' | 'mentionsGiven' | 'mentionsReceived', number>;
  hourly: number[];
}

const minN = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b);
const maxN = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.max(a, b);

/** Build one profile per actor (actors table ∪ authors), sorted by id. */
export function buildProfiles(input: ProfileInput): ActorProfile[] {
  const accs = new Map<string, Acc>();
  const acc = (id: string, kind = 'user'): Acc => {
    let a = accs.get(id);
    if (!a) {
      a = {
        kind,
        names: new Map(),
        chats: new Set(),
        first: null,
        last: null,
        messages: 0,
        media: {
          known: new Set(),
          ignored: new Set(),
          new: new Set(),
          uncertain: new Set(),
          unhashed: new Set(),
        },
        newClusters: [],
        reposts: 0,
        counts: { repliesGiven: 0, repliesReceived: 0, mentionsGiven: 0, mentionsReceived: 0 },
        hourly: new Array<number>(24).fill(0),
      };
      accs.set(id, a);
    }
    return a;
  };
  const seen = (a: Acc, t: number | null): void => {
    a.first = minN(a.first, t);
    a.last = maxN(a.last, t);
  };
  for (const x of input.actors) acc(x.id, x.kind).kind = x.kind;
  for (const n of input.names) {
    const a = acc(n.actorId);
    const e = a.names.get(n.name) ?? { first: null, last: null, sources: new Set<string>() };
    e.first = minN(e.first, n.firstSeen);
    e.last = maxN(e.last, n.lastSeen);
    e.sources.add(n.sourceId);
    a.names.set(n.name, e);
  }
  for (const m of input.messages) {
    if (m.authorId === null) continue;
    const a = acc(m.authorId);
    a.chats.add(m.chatId);
    seen(a, m.dateUtc);
    if (m.type !== 'message') continue;
    a.messages++;
    if (m.dateUtc !== null) a.hourly[new Date(m.dateUtc).getUTCHours()]!++;
  }
  for (const ms of input.memberships) {
    const a = acc(ms.actorId);
    a.chats.add(ms.chatId);
    seen(a, ms.at);
    seen(a, ms.lastAt ?? null);
  }
  const statusOfCluster = new Map(input.provenance.map((p) => [p.clusterId, p.status]));
  for (const o of input.occurrences) {
    if (o.authorId === null) continue;
    const cid = input.clusterOf.get(o.sha256);
    const st = (cid && statusOfCluster.get(cid)) || 'unhashed';
    acc(o.authorId).media[st].add(o.sha256);
  }
  for (const p of input.provenance) {
    if (p.originator !== null && p.status === 'new') acc(p.originator).newClusters.push(p.clusterId);
    for (const l of p.later)
      if (l.authorId !== null && l.authorId !== p.originator) acc(l.authorId).reposts++;
  }
  for (const i of input.interactions) {
    if (i.kind === 'reply') {
      acc(i.from).counts.repliesGiven++;
      acc(i.to).counts.repliesReceived++;
    } else if (i.kind === 'mention') {
      acc(i.from).counts.mentionsGiven++;
      acc(i.to).counts.mentionsReceived++;
    }
  }
  return [...accs].sort((x, y) => cmpStr(x[0], y[0])).map(([id, a]) => profileOf(id, a));
}

function profileOf(id: string, a: Acc): ActorProfile {
  const aliases = [...a.names]
    .map(([name, e]) => ({
      name,
      firstSeen: isoUtc(e.first),
      lastSeen: isoUtc(e.last),
      sources: [...e.sources].sort(cmpStr),
      t: e.first,
    }))
    .sort((x, y) => (x.t ?? Infinity) - (y.t ?? Infinity) || cmpStr(x.name, y.name))
    .map(({ t: _t, ...rest }) => rest);
  return {
    id,
    kind: a.kind,
    names: aliases.map((x) => x.name),
    aliases,
    chats: [...a.chats].sort(cmpStr),
    firstSeen: isoUtc(a.first),
    lastSeen: isoUtc(a.last),
    messages: a.messages,
    media: {
      known: a.media.known.size,
      ignored: a.media.ignored.size,
      new: a.media.new.size,
      uncertain: a.media.uncertain.size,
      unhashed: a.media.unhashed.size,
    },
    newClustersOriginated: a.newClusters.length,
    newClusters: a.newClusters.sort(cmpStr),
    reposts: a.reposts,
    ...a.counts,
    hourly: a.hourly,
  };
}
