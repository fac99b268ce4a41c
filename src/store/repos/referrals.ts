import type { StoreQ } from '../port.js';

/** Rows per `IN (…)` chunk. */
const CHUNK = 400;

/** Run a query per chunk of `items` and concatenate the rows. */
export async function chunked<T, R>(items: readonly T[], fn: (part: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(...(await fn(items.slice(i, i + CHUNK))));
  return out;
}

/** What a referral package states besides messages: signals, matches, names, chats, sources, clusters. */
export function referralFacts(q: StoreQ) {
  return {
    /** Signals (md5, sha1, pdq …) of these media: sha256 → type → value (the `full` convention for PDQ). */
    signals: async (sha256s: readonly string[]): Promise<Map<string, Map<string, string>>> => {
      const rows = await chunked(sha256s, (part) =>
        q.db
          .selectFrom('signal')
          .select(['sha256', 'type', 'convention', 'value'])
          .where('sha256', 'in', part)
          .where('type', 'in', ['md5', 'sha1', 'pdq'])
          .execute(),
      );
      const out = new Map<string, Map<string, string>>();
      for (const r of rows) {
        if (r.type === 'pdq' && r.convention !== 'full') continue;
        const m = out.get(r.sha256) ?? new Map<string, string>();
        m.set(r.type, r.value);
        out.set(r.sha256, m);
      }
      return out;
    },
    /** Hash-list matches of these media: list, category, scheme, distance. */
    matches: async (
      sha256s: readonly string[],
    ): Promise<
      { sha256: string; list: string; category: string | null; scheme: string | null; distance: number }[]
    > =>
      (
        await chunked(sha256s, (part) =>
          q.db
            .selectFrom('match as x')
            .innerJoin('hash_list_entry as e', 'e.id', 'x.entry_id')
            .select(['x.sha256', 'x.list_name', 'e.category', 'e.scheme', 'x.distance'])
            .where('x.sha256', 'in', part)
            .execute(),
        )
      )
        .map((r) => ({
          sha256: r.sha256,
          list: r.list_name,
          category: r.category,
          scheme: r.scheme,
          distance: Number(r.distance),
        }))
        .sort((a, b) =>
          a.sha256 !== b.sha256
            ? a.sha256 < b.sha256
              ? -1
              : 1
            : a.list < b.list
              ? -1
              : a.list > b.list
                ? 1
                : a.distance - b.distance,
        ),
    /** Names of these actors over time (every source), by actor then first seen. */
    names: async (
      actors: readonly string[],
    ): Promise<{ actor: string; name: string; firstSeen: number | null; lastSeen: number | null }[]> =>
      (
        await chunked(actors, (part) =>
          q.db
            .selectFrom('actor_name')
            .select(['actor_id', 'name'])
            .select((e) => [e.fn.min('first_seen').as('first_seen'), e.fn.max('last_seen').as('last_seen')])
            .where('actor_id', 'in', part)
            .groupBy(['actor_id', 'name'])
            .execute(),
        )
      )
        .map((r) => ({
          actor: r.actor_id,
          name: r.name,
          firstSeen: r.first_seen === null ? null : Number(r.first_seen),
          lastSeen: r.last_seen === null ? null : Number(r.last_seen),
        }))
        .sort((a, b) =>
          a.actor !== b.actor
            ? a.actor < b.actor
              ? -1
              : 1
            : (a.firstSeen ?? 0) - (b.firstSeen ?? 0) || (a.name < b.name ? -1 : 1),
        ),
    /** Chats with these ids: id, type, title. */
    chats: async (
      ids: readonly string[],
    ): Promise<{ id: string; type: string | null; title: string | null }[]> =>
      (
        await chunked(ids, (part) =>
          q.db.selectFrom('chat').select(['id', 'type', 'title']).where('id', 'in', part).execute(),
        )
      ).sort((a, b) => (a.id < b.id ? -1 : 1)),
    /** Every source (export) of the case: id, kind, SHA-256 of its main file, undercover account, import time. */
    sources: async (): Promise<
      {
        id: string;
        kind: string;
        sha256: string;
        label: string | null;
        importedAt: string;
        metadata: string;
      }[]
    > =>
      (
        await q.db
          .selectFrom('source')
          .select(['id', 'kind', 'sha256', 'label', 'imported_at', 'metadata'])
          .orderBy('id')
          .execute()
      ).map((r) => ({
        id: r.id,
        kind: r.kind,
        sha256: r.sha256,
        label: r.label,
        importedAt: r.imported_at,
        metadata: r.metadata,
      })),
    /** New-content clusters these actors originated: id, members, occurrences, first seen, chats reached, reposters. */
    clustersBy: async (
      actors: readonly string[],
    ): Promise<
      {
        id: string;
        originator: string;
        members: number;
        firstSeen: number | null;
        chatsReached: number;
        reposters: number;
      }[]
    > =>
      (
        await chunked(actors, (part) =>
          q.db
            .selectFrom('cluster')
            .select(['id', 'originator_id', 'members', 'first_seen', 'chats_reached', 'reposters'])
            .where('originator_id', 'in', part)
            .where('status', '=', 'new')
            .execute(),
        )
      )
        .map((r) => ({
          id: r.id,
          originator: r.originator_id ?? '',
          members: Number(r.members),
          firstSeen: r.first_seen === null ? null : Number(r.first_seen),
          chatsReached: Number(r.chats_reached),
          reposters: Number(r.reposters),
        }))
        .sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
}
