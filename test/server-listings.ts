// Shared by test/server-api.test.ts (one built case): the media filters and the clusters listing checked through the
// API against brute force — the unfiltered media listing joined in JavaScript with the occurrences and messages read
// straight from the case's SQLite file (the PostgreSQL twin is a copy of it).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { ORIGIN } from './server-fixture.js';

/** What the checks need of the API test's state. */
export interface ListingState {
  readonly app: FastifyInstance;
  readonly casesDir: string;
  readonly cookies: Record<string, string>;
}

/** A media item of the listing (the fields the checks read). */
export interface Item {
  sha256: string;
  status: string;
  occurrences: number;
  cluster: string | null;
  originator: string | null;
  firstSeen: string | null;
  firstMessage: { chat: string; message: number } | null;
  decision: { category: string | null } | null;
}

/** One occurrence of a media with its message's chat, author and time, from the SQLite file. */
export interface Occurrence {
  sha256: string;
  chat: string;
  message: number;
  role: string;
  author: string | null;
  at: number | null;
}

/** Every occurrence of a media with its message's author and time (raw SQLite, the test's ground truth). */
export function occurrencesOf(caseDir: string): Occurrence[] {
  const db = new Database(join(caseDir, 'case.sqlite'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT o.sha256, o.chat_id AS chat, o.message_id AS message, o.role, g.author_id AS author, g.date_utc AS at FROM media_occurrence o
         JOIN message g ON g.chat_id = o.chat_id AND g.message_id = o.message_id WHERE o.sha256 IS NOT NULL`,
      )
      .all() as Occurrence[];
  } finally {
    db.close();
  }
}

/** GET an API path of a case as a person; the JSON. */
export async function apiGet(
  s: ListingState,
  name: string,
  path: string,
  role = 'analyst',
): Promise<unknown> {
  const r = await s.app.inject({
    url: `/api/v1/cases/${name}/${path}`,
    headers: { cookie: s.cookies[role]! },
  });
  assert.equal(r.statusCode, 200, `${path}: ${r.body}`);
  return r.json() as unknown;
}

/** Every page of a list, `limit` at a time, checking that no item comes twice. */
export async function allPages<T>(s: ListingState, name: string, path: string, limit: number): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const p = (await apiGet(s, name, `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)) as {
      items: T[];
      nextCursor: string | null;
    };
    assert.ok(p.items.length <= limit);
    if (p.nextCursor) assert.equal(p.items.length, limit, `${path}: a page before the last is full`);
    out.push(...p.items);
    cursor = p.nextCursor;
  } while (cursor);
  return out;
}

/** Set a category on media through the API (one audited bulk change). */
export async function categorise(s: ListingState, name: string, sha256s: string[], category: string) {
  const r = await s.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${name}/media/decisions`,
    headers: { cookie: s.cookies['analyst']!, origin: ORIGIN },
    payload: { sha256s, category },
  });
  assert.equal(r.statusCode, 200, r.body);
}

/** The filters tried: each with its brute-force predicate over an item and its occurrences. */
export function filterCases(
  items: readonly Item[],
  occ: readonly Occurrence[],
): { query: string; keep: (m: Item, o: readonly Occurrence[]) => boolean }[] {
  const count = <K>(xs: readonly K[]) => {
    const m = new Map<K, number>();
    for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
  };
  const chats = count(occ.map((o) => o.chat));
  const chat = chats[1]![0];
  // The busiest and the quietest chat: SQLite probes per media a chat holding a large share of the media.
  const [busiest, quietest] = [chats[0]![0], chats.at(-1)![0]];
  const actor = count(occ.map((o) => o.author).filter((a): a is string => a !== null))[2]![0];
  const times = occ
    .map((o) => o.at)
    .filter((t): t is number => t !== null)
    .sort((a, b) => a - b);
  const mid = new Date(times[Math.floor(times.length / 2)]!);
  const from = mid.toISOString().slice(0, 10);
  const toDay = new Date(mid.getTime() + 20 * 86_400_000).toISOString().slice(0, 10);
  const fromMs = Date.parse(`${from}T00:00:00Z`);
  const toMs = Date.parse(`${toDay}T00:00:00Z`) + 86_400_000;
  const inRange = (o: Occurrence) => o.at !== null && o.at >= fromMs && o.at < toMs;
  const decided = items.find((m) => m.decision?.category)?.decision?.category ?? '2';
  const q = encodeURIComponent;
  return [
    { query: `chat=${q(chat)}`, keep: (_m, o) => o.some((x) => x.chat === chat) },
    {
      query: `status=new&actor=${q(actor)}`,
      keep: (m, o) => m.status === 'new' && o.some((x) => x.author === actor),
    },
    { query: `from=${from}&to=${toDay}`, keep: (_m, o) => o.some(inRange) },
    {
      query: `chat=${q(chat)}&actor=${q(actor)}&from=${from}`,
      keep: (_m, o) =>
        o.some((x) => x.chat === chat && x.author === actor && x.at !== null && x.at >= fromMs),
    },
    { query: `category=${decided}`, keep: (m) => m.decision?.category === decided },
    { query: 'status=new&category=none', keep: (m) => m.status === 'new' && !m.decision?.category },
    ...[busiest, quietest].map((c) => ({
      query: `chat=${q(c)}`,
      keep: (_m: Item, o: readonly Occurrence[]) => o.some((x) => x.chat === c),
    })),
    {
      query: `status=new&chat=${q(busiest)}`,
      keep: (m, o) => m.status === 'new' && o.some((x) => x.chat === busiest),
    },
  ];
}

/** What the clusters listing must say of a cluster, grouped from the media listing and the raw occurrences. */
export function clustersByBruteForce(items: readonly Item[], occ: readonly Occurrence[]) {
  const rank: Record<string, number> = { known: 4, ignored: 3, new: 2, uncertain: 1, unhashed: 0 };
  const groups = new Map<string, Item[]>();
  for (const m of items) if (m.cluster) groups.set(m.cluster, [...(groups.get(m.cluster) ?? []), m]);
  const byMedia = new Map<string, Occurrence[]>();
  for (const o of occ) byMedia.set(o.sha256, [...(byMedia.get(o.sha256) ?? []), o]);
  return [...groups]
    .filter(([, ms]) => ms.reduce((r, m) => Math.max(r, rank[m.status]!), 0) === rank['new'])
    .map(([id, ms]) => {
      // The analysis counts a media once per message (several sources may hold it), thumbnails apart.
      const os = [
        ...new Map(
          ms
            .flatMap((m) => byMedia.get(m.sha256) ?? [])
            .filter((o) => o.role !== 'thumbnail')
            .map((o) => [`${o.sha256} ${o.chat} ${o.message}`, o]),
        ).values(),
      ];
      const first = ms[0]!;
      return {
        id,
        media: ms.length,
        members: ms.map((m) => m.sha256),
        occurrences: os.length,
        chats: new Set(os.map((o) => o.chat)).size,
        posters: new Set(os.map((o) => o.author).filter((a) => a !== null)).size,
        originator: first.originator,
        firstSeen: first.firstSeen,
        firstMessage: first.firstMessage,
      };
    });
}

/**
 * A filtered page's cursor is a place in the SHA-256 order, not an offset: media leaving the filter between two pages
 * (categorised away, on the page read and on the next) neither shift nor repeat what the next page shows; the next
 * page is the brute-force filter of the fresh listing after the cursor, and the same cursor answers it again.
 */
export async function checkCursorStability(s: ListingState, name: string): Promise<void> {
  const path = 'media?status=new&category=none';
  const before = await allPages<Item>(s, name, path, 1000);
  assert.ok(before.length > 9, `${before.length} uncategorised new media`);
  const first = (await apiGet(s, name, `${path}&limit=4`)) as { items: Item[]; nextCursor: string | null };
  assert.deepEqual(first.items, before.slice(0, 4));
  assert.ok(first.nextCursor);
  await categorise(s, name, [before[0]!.sha256, before[2]!.sha256, before[4]!.sha256], '1');
  const fresh = (await allPages<Item>(s, name, 'media', 1000)).filter(
    (m) => m.status === 'new' && !m.decision?.category && m.sha256 > before[3]!.sha256,
  );
  const next = await apiGet(s, name, `${path}&limit=4&cursor=${first.nextCursor}`);
  assert.deepEqual((next as { items: Item[] }).items, fresh.slice(0, 4));
  assert.deepEqual(
    fresh.slice(0, 4).map((m) => m.sha256),
    before.slice(5, 9).map((m) => m.sha256),
    'nothing skipped, nothing repeated',
  );
  assert.deepEqual(await apiGet(s, name, `${path}&limit=4&cursor=${first.nextCursor}`), next);
}
