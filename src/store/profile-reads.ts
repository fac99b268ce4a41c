import type { StoreQ } from './port.js';

/** One name of an actor as one source saw it, with when. */
export interface ActorNameSeen {
  readonly name: string;
  readonly sourceId: string;
  readonly sourceKind: string;
  /** The collecting account's label of the source (`vigie import --account`), or null. */
  readonly sourceLabel: string | null;
  readonly firstSeen: number | null;
  readonly lastSeen: number | null;
}

/** One membership fact of an actor in a chat (join, invite, removal, posts). */
export interface MembershipFact {
  readonly chatId: string;
  readonly kind: string;
  readonly at: number | null;
  readonly lastAt: number | null;
  readonly messageId: number | null;
  readonly byActorId: string | null;
}

/** One message the actor wrote: where, when, and its type. */
export interface AuthoredMessage {
  readonly chatId: string;
  readonly type: string;
  readonly dateUtc: number | null;
}

/** One media the actor posted, with its cluster's status and its categories (people's and the lists'). */
export interface PostedMedia {
  readonly sha256: string;
  readonly status: string | null;
  /** The smallest category a matching hash list gives, or null. */
  readonly listCategory: string | null;
}

/** One cluster the actor originated, with how it spread. */
export interface OriginatedCluster {
  readonly id: string;
  readonly status: string;
  readonly members: number;
  readonly occurrences: number;
  readonly firstSeen: number | null;
  readonly firstChatId: string | null;
  readonly firstMessageId: number | null;
  readonly firstSha256: string | null;
  readonly chatsReached: number;
  readonly reposters: number;
  readonly noveltyRank: number | null;
}

/** One actor–actor edge touching the actor (either direction). */
export interface EdgeTouching {
  readonly source: string;
  readonly target: string;
  readonly weight: number;
  readonly details: string;
}

/** One return row (legal-process return) an attribution item names. */
export interface ReturnRowFact {
  readonly sourceId: string;
  readonly line: number;
  readonly userId: string;
  readonly phone: string | null;
  readonly phoneCountry: string | null;
  readonly ip: string | null;
  readonly seenAt: number | null;
}

const CHUNK = 500;

/** Every (name, source) of an actor with first/last seen and the source's kind and label, oldest first. */
export async function actorNamesSeen(q: StoreQ, actorId: string): Promise<ActorNameSeen[]> {
  const rows = await q.db
    .selectFrom('actor_name as n')
    .innerJoin('source as s', 's.id', 'n.source_id')
    .select(['n.name', 'n.source_id', 's.kind', 's.label', 'n.first_seen', 'n.last_seen'])
    .where('n.actor_id', '=', actorId)
    .orderBy('n.first_seen', (ob) => ob.asc().nullsFirst())
    .orderBy('n.name')
    .orderBy('n.source_id')
    .execute();
  return rows.map((r) => ({
    name: r.name,
    sourceId: r.source_id,
    sourceKind: r.kind,
    sourceLabel: r.label,
    firstSeen: numOrNull(r.first_seen),
    lastSeen: numOrNull(r.last_seen),
  }));
}

/** The actor's memberships (by chat, then time). */
export async function actorMemberships(q: StoreQ, actorId: string): Promise<MembershipFact[]> {
  const rows = await q.db
    .selectFrom('membership')
    .select(['chat_id', 'kind', 'at', 'last_at', 'message_id', 'by_actor_id'])
    .where('actor_id', '=', actorId)
    .orderBy('chat_id')
    .orderBy('at', (ob) => ob.asc().nullsFirst())
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    chatId: r.chat_id,
    kind: r.kind,
    at: numOrNull(r.at),
    lastAt: numOrNull(r.last_at),
    messageId: numOrNull(r.message_id),
    byActorId: r.by_actor_id,
  }));
}

/** Every message the actor wrote (chat, type, UTC time), in chat and id order. */
export async function actorMessages(q: StoreQ, actorId: string): Promise<AuthoredMessage[]> {
  const rows = await q.db
    .selectFrom('message')
    .select(['chat_id', 'type', 'date_utc'])
    .where('author_id', '=', actorId)
    .orderBy('chat_id')
    .orderBy('message_id')
    .execute();
  return rows.map((r) => ({ chatId: r.chat_id, type: r.type, dateUtc: numOrNull(r.date_utc) }));
}

/** The distinct media the actor posted, with their cluster status and the smallest list category. */
export async function actorPostedMedia(q: StoreQ, actorId: string): Promise<PostedMedia[]> {
  const rows = await q.db
    .selectFrom('message as m')
    .innerJoin('media_occurrence as o', (j) =>
      j.onRef('o.chat_id', '=', 'm.chat_id').onRef('o.message_id', '=', 'm.message_id'),
    )
    .leftJoin('cluster_member as cm', 'cm.sha256', 'o.sha256')
    .leftJoin('cluster as c', 'c.id', 'cm.cluster_id')
    .select(['o.sha256', 'c.status'])
    .distinct()
    .where('m.author_id', '=', actorId)
    .where('o.sha256', 'is not', null)
    .orderBy('o.sha256')
    .execute();
  const categories = new Map<string, string>();
  const shas = rows.map((r) => r.sha256 as string);
  for (let i = 0; i < shas.length; i += CHUNK) {
    const cats = await q.db
      .selectFrom('match as x')
      .innerJoin('hash_list_entry as e', 'e.id', 'x.entry_id')
      .select(['x.sha256', 'e.category'])
      .where('x.sha256', 'in', shas.slice(i, i + CHUNK))
      .where('e.category', 'is not', null)
      .where('e.category', '<>', '')
      .execute();
    for (const c of cats) {
      const was = categories.get(c.sha256);
      if (c.category !== null && (was === undefined || c.category < was))
        categories.set(c.sha256, c.category);
    }
  }
  return rows.map((r) => ({
    sha256: r.sha256 as string,
    status: r.status,
    listCategory: categories.get(r.sha256 as string) ?? null,
  }));
}

/** Clusters the actor posted first (any status), new-content order first. */
export async function actorOriginatedClusters(q: StoreQ, actorId: string): Promise<OriginatedCluster[]> {
  const rows = await q.db
    .selectFrom('cluster')
    .select([
      'id',
      'status',
      'members',
      'occurrences',
      'first_seen',
      'first_chat_id',
      'first_message_id',
      'first_sha256',
      'chats_reached',
      'reposters',
      'novelty_rank',
    ])
    .where('originator_id', '=', actorId)
    .orderBy('novelty_rank', (ob) => ob.asc().nullsLast())
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    members: Number(r.members),
    occurrences: Number(r.occurrences),
    firstSeen: numOrNull(r.first_seen),
    firstChatId: r.first_chat_id,
    firstMessageId: numOrNull(r.first_message_id),
    firstSha256: r.first_sha256,
    chatsReached: Number(r.chats_reached),
    reposters: Number(r.reposters),
    noveltyRank: numOrNull(r.novelty_rank),
  }));
}

/** Actor–actor edges from or to the actor. */
export async function actorEdges(q: StoreQ, actorId: string): Promise<EdgeTouching[]> {
  const rows = await q.db
    .selectFrom('network_edge')
    .select(['source', 'target', 'weight', 'details'])
    .where('kind', '=', 'interaction')
    .where((eb) => eb.or([eb('source', '=', actorId), eb('target', '=', actorId)]))
    .orderBy('source')
    .orderBy('target')
    .execute();
  return rows.map((r) => ({ ...r, weight: Number(r.weight) }));
}

/** Every actor–actor interaction edge of the analysis, by source then target (the actor page's per-analysis index). */
export async function interactionEdges(q: StoreQ): Promise<EdgeTouching[]> {
  const rows = await q.db
    .selectFrom('network_edge')
    .select(['source', 'target', 'weight', 'details'])
    .where('kind', '=', 'interaction')
    .orderBy('source')
    .orderBy('target')
    .execute();
  return rows.map((r) => ({ ...r, weight: Number(r.weight) }));
}

/** The score row of an actor: rank, total and factors (JSON), or undefined. */
export async function actorScore(
  q: StoreQ,
  actorId: string,
): Promise<{ rank: number; total: number; factors: string } | undefined> {
  const r = await q.db
    .selectFrom('score')
    .select(['rank', 'total', 'factors'])
    .where('actor_id', '=', actorId)
    .executeTakeFirst();
  return r && { rank: Number(r.rank), total: Number(r.total), factors: r.factors };
}

/** Every decision on the actor as a target, oldest first (the last is current). */
export async function actorDecisions(
  q: StoreQ,
  actorId: string,
): Promise<Array<{ decision: string; reason: string; user: string; at: string }>> {
  return q.db
    .selectFrom('target_decision')
    .select(['decision', 'reason', 'user', 'at'])
    .where('actor_id', '=', actorId)
    .orderBy('id')
    .execute();
}

/** The return rows named by (source, line). */
export async function returnRowsAt(
  q: StoreQ,
  keys: ReadonlyArray<{ source: string; line: number }>,
): Promise<ReturnRowFact[]> {
  const out: ReturnRowFact[] = [];
  for (let i = 0; i < keys.length; i += CHUNK) {
    const part = keys.slice(i, i + CHUNK);
    const rows = await q.db
      .selectFrom('return_row')
      .select(['source_id', 'line', 'user_id', 'phone', 'phone_country', 'ip', 'seen_at'])
      .where((eb) =>
        eb.or(part.map((k) => eb.and([eb('source_id', '=', k.source), eb('line', '=', k.line)]))),
      )
      .execute();
    for (const r of rows)
      out.push({
        sourceId: r.source_id,
        line: Number(r.line),
        userId: r.user_id,
        phone: r.phone,
        phoneCountry: r.phone_country,
        ip: r.ip,
        seenAt: numOrNull(r.seen_at),
      });
  }
  return out;
}

/** Display names and titles of actors and chats (the first name per actor), for labels. */
export async function labelsOf(
  q: StoreQ,
  ids: { actors: readonly string[]; chats: readonly string[] },
): Promise<{ actors: Map<string, string>; chats: Map<string, string | null> }> {
  const actors = new Map<string, string>();
  const chats = new Map<string, string | null>();
  for (let i = 0; i < ids.actors.length; i += CHUNK) {
    const rows = await q.db
      .selectFrom('actor_name')
      .select(['actor_id', 'name', 'first_seen'])
      .where('actor_id', 'in', ids.actors.slice(i, i + CHUNK))
      .orderBy('actor_id')
      .orderBy('first_seen', (ob) => ob.asc().nullsFirst())
      .orderBy('name')
      .execute();
    for (const r of rows) if (!actors.has(r.actor_id)) actors.set(r.actor_id, r.name);
  }
  for (let i = 0; i < ids.chats.length; i += CHUNK) {
    const rows = await q.db
      .selectFrom('chat')
      .select(['id', 'title'])
      .where('id', 'in', ids.chats.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) chats.set(r.id, r.title);
  }
  return { actors, chats };
}

function numOrNull(v: number | string | null | undefined): number | null {
  return v === null || v === undefined ? null : Number(v);
}
