import type { CaseContext } from './context.js';
import type { ActorProfileView } from './investigation-views.js';
import { isoUtc } from '../domain/time.js';
import { showActor } from './show-actor.js';
import { activityHeatmap, mainZoneOf } from './actor-heatmap.js';
import type { StoredAttribution } from '../store/attribution.js';
import type { EdgeTouching, MembershipFact } from '../store/profile-reads.js';
import { ownAccountIds } from './own-account-ids.js';
import { perAnalysis } from './analysis-cache.js';

type LedgerItem = ActorProfileView['ledger'][number];

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Neighbours the page lists (the strongest first). */
export const NEIGHBOURS = 12;

/**
 * The actor page (`GET …/actors/{id}/profile`): `vigie actor ID --json` plus, in one read-only transaction, names per
 * source over time, chats and memberships, the activity heatmap, media by status and category, clusters originated,
 * the attribution ledger with the return rows it names, score factors, neighbours and decisions.
 */
export async function actorProfile(
  deps: Pick<CaseContext, 'store'>,
  input: { id: string },
): Promise<ActorProfileView> {
  const actor = await showActor(deps, input);
  const id = actor.id;
  const attribution = actor.attribution as StoredAttribution | null;
  const evidence = (attribution?.evidence ?? []) as ReadonlyArray<Record<string, unknown>>;
  const returnKeys = evidence.flatMap((e) => {
    const s = e['source'] as { kind: string; source?: string; line?: number } | undefined;
    return s?.kind === 'returnRow' && s.source !== undefined && s.line !== undefined
      ? [{ source: s.source, line: s.line }]
      : [];
  });
  // The interaction edges by actor, read once per analysis (network_edge has no index on target).
  const edgesOf = await perAnalysis(deps.store, 'actor-edges', async () => {
    const out = new Map<string, EdgeTouching[]>();
    for (const e of await deps.store.investigation.interactionEdges())
      for (const a of e.source === e.target ? [e.source] : [e.source, e.target])
        (out.get(a) ?? out.set(a, []).get(a)!).push(e);
    return out;
  });
  const edges = edgesOf.get(id) ?? [];
  const strongest = strongestNeighbours(id, edges);
  const r = await deps.store.transaction(
    async (tx) => {
      const x = tx.investigation;
      const [names, memberships, messages, posted, originated, score, decisions, returns] = [
        await x.namesSeen(id),
        await x.memberships(id),
        await x.messages(id),
        await x.postedMedia(id),
        await x.originated(id),
        await x.score(id),
        await x.decisions(id),
        await x.returnRows(returnKeys),
      ];
      const people = await tx.decisions.latest(posted.map((p) => p.sha256));
      const others = strongest.map(([actor]) => actor);
      const chatIds = [...new Set([...(actor.chats ?? []), ...memberships.map((m) => m.chatId)])];
      const labels = await x.labels({ actors: others, chats: chatIds });
      const own = await ownAccountIds(tx);
      return {
        own,
        names,
        memberships,
        messages,
        posted,
        originated,
        score,
        decisions,
        returns,
        people,
        labels,
      };
    },
    { readonly: true },
  );
  const times = r.messages.flatMap((m) => (m.type === 'message' && m.dateUtc !== null ? [m.dateUtc] : []));
  const country = attribution && !attribution.abstained ? attribution.country : null;
  const byStatus: Record<string, number> = { known: 0, new: 0, ignored: 0, uncertain: 0, unhashed: 0 };
  const byCategory = new Map<string, number>();
  for (const p of r.posted) {
    const st = p.status ?? 'unhashed';
    byStatus[st] = (byStatus[st] ?? 0) + 1;
    const category = r.people.get(p.sha256)?.category ?? p.listCategory ?? '';
    byCategory.set(category, (byCategory.get(category) ?? 0) + 1);
  }
  const returnAt = new Map(r.returns.map((x) => [`${x.sourceId}\0${x.line}`, x]));
  return {
    actor,
    names: [...r.names]
      .sort(
        (x, y) =>
          (x.firstSeen ?? -Infinity) - (y.firstSeen ?? -Infinity) ||
          cmp(x.name, y.name) ||
          cmp(x.sourceId, y.sourceId),
      )
      .map((n) => ({
        name: n.name,
        source: n.sourceId,
        sourceKind: n.sourceKind,
        account: n.sourceLabel,
        firstSeen: isoUtc(n.firstSeen),
        lastSeen: isoUtc(n.lastSeen),
      })),
    chats: chatsOf(r.messages, r.memberships, r.labels.chats, new Set(actor.chats ?? [])),
    heatmap: activityHeatmap(times, country ? mainZoneOf(country) : null),
    media: {
      byStatus,
      byCategory: [...byCategory]
        .map(([category, count]) => ({ category, count }))
        .sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : 0)),
    },
    clusters: r.originated.map((c) => ({
      id: c.id,
      status: c.status,
      members: c.members,
      occurrences: c.occurrences,
      chatsReached: c.chatsReached,
      reposters: c.reposters,
      firstSeen: isoUtc(c.firstSeen),
      firstMessage:
        c.firstChatId !== null && c.firstMessageId !== null
          ? { chat: c.firstChatId, message: c.firstMessageId }
          : null,
      firstSha256: c.firstSha256,
    })),
    ledger: evidence.map((e) => ledgerItem(e, returnAt)),
    score: r.score
      ? { rank: r.score.rank, total: r.score.total, factors: JSON.parse(r.score.factors) as unknown[] }
      : null,
    neighbours: neighboursOf(strongest, r.labels.actors, r.own),
    decisions: r.decisions.map((d) => ({
      actor: id,
      decision: d.decision === 'reject' ? ('reject' as const) : ('accept' as const),
      reason: d.reason,
      user: d.user,
      at: d.at,
    })),
  };
}

/** The chats the actor wrote in or was a member of: messages, first and last, membership periods. */
function chatsOf(
  messages: ReadonlyArray<{ chatId: string; type: string; dateUtc: number | null }>,
  memberships: readonly MembershipFact[],
  titles: ReadonlyMap<string, string | null>,
  chats: ReadonlySet<string>,
): ActorProfileView['chats'] {
  const acc = new Map<string, { n: number; first: number | null; last: number | null }>();
  for (const c of [...chats, ...memberships.map((m) => m.chatId)])
    if (!acc.has(c)) acc.set(c, { n: 0, first: null, last: null });
  for (const m of messages) {
    const a = acc.get(m.chatId) ?? { n: 0, first: null, last: null };
    acc.set(m.chatId, a);
    if (m.type === 'message') a.n++;
    if (m.dateUtc !== null) {
      a.first = a.first === null ? m.dateUtc : Math.min(a.first, m.dateUtc);
      a.last = a.last === null ? m.dateUtc : Math.max(a.last, m.dateUtc);
    }
  }
  return [...acc]
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .map(([chat, a]) => ({
      chat,
      title: titles.get(chat) ?? null,
      messages: a.n,
      firstMessage: isoUtc(a.first),
      lastMessage: isoUtc(a.last),
      memberships: memberships
        .filter((m) => m.chatId === chat)
        .map((m) => ({
          kind: m.kind,
          from: isoUtc(m.at),
          to: isoUtc(m.lastAt),
          message: m.messageId,
          by: m.byActorId,
        })),
    }));
}

/** One attribution evidence item as a ledger line, a return row's facts joined in. */
function ledgerItem(
  e: Readonly<Record<string, unknown>>,
  returnAt: ReadonlyMap<
    string,
    {
      userId: string;
      phone: string | null;
      phoneCountry: string | null;
      ip: string | null;
      seenAt: number | null;
    }
  >,
): LedgerItem {
  const s = e['source'] as Record<string, unknown>;
  let source: LedgerItem['source'];
  switch (s['kind']) {
    case 'returnRow': {
      const row = returnAt.get(`${String(s['source'])}\0${Number(s['line'])}`);
      source = {
        kind: 'returnRow',
        source: String(s['source']),
        line: Number(s['line']),
        row: row
          ? {
              userId: row.userId,
              phone: row.phone,
              phoneCountry: row.phoneCountry,
              ip: row.ip,
              seenAt: isoUtc(row.seenAt),
            }
          : null,
      };
      break;
    }
    case 'message':
      source = { kind: 'message', chat: String(s['chat']), message: Number(s['message']) };
      break;
    case 'messages':
      source = {
        kind: 'messages',
        count: Number(s['count']),
        sample: (s['sample'] as Array<{ chat: string; message: number }>).map((m) => ({
          chat: m.chat,
          message: m.message,
        })),
      };
      break;
    case 'media':
      source = { kind: 'media', sha256: String(s['sha256']) };
      break;
    default:
      source = { kind: 'name', name: String(s['name']), source: String(s['source']) };
  }
  return {
    signal: String(e['signal']),
    kind: String(e['kind']),
    value: String(e['value']),
    reliability: Number(e['reliability']),
    weight: Number(e['weight']),
    bits: Number(e['bits']),
    likelihoodRatio: Number(e['likelihoodRatio']),
    countries: (e['countries'] ?? {}) as Record<string, number>,
    flags: (e['flags'] ?? []) as string[],
    source,
  };
}

type Tally = { w: number; replies: number; mentions: number; reposts: number; out: boolean; in: boolean };

/** The actor's strongest neighbours (at most NEIGHBOURS, heaviest first, then by id) with their tallies. */
function strongestNeighbours(id: string, edges: readonly EdgeTouching[]): Array<[string, Tally]> {
  const acc = new Map<string, Tally>();
  for (const e of edges) {
    const other = e.source === id ? e.target : e.source;
    if (other === id) continue;
    const a = acc.get(other) ?? { w: 0, replies: 0, mentions: 0, reposts: 0, out: false, in: false };
    const d = JSON.parse(e.details) as { replies?: number; mentions?: number; reposts?: number };
    a.w += e.weight;
    a.replies += d.replies ?? 0;
    a.mentions += d.mentions ?? 0;
    a.reposts += d.reposts ?? 0;
    if (e.source === id) a.out = true;
    else a.in = true;
    acc.set(other, a);
  }
  return [...acc]
    .sort((x, y) => y[1].w - x[1].w || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .slice(0, NEIGHBOURS);
}

/** The neighbours as the page lists them: name, tallies, direction, own-account mark. */
function neighboursOf(
  strongest: ReadonlyArray<[string, Tally]>,
  names: ReadonlyMap<string, string>,
  own: ReadonlySet<string>,
): ActorProfileView['neighbours'] {
  return strongest.map(([actor, a]) => ({
    actor,
    name: names.get(actor) ?? null,
    weight: a.w,
    replies: a.replies,
    mentions: a.mentions,
    reposts: a.reposts,
    direction: a.out && a.in ? ('both' as const) : a.out ? ('out' as const) : ('in' as const),
    undercover: own.has(actor),
  }));
}
