import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite from 'better-sqlite3';
import type Database from 'better-sqlite3';
import { initCase } from '../src/app/init-case.js';
import { copyToPostgres } from './helpers/copy-to-postgres.js';
import type { TestDatabase } from './helpers/databases.js';
import { seededRng } from '../src/pipeline/analyse/betweenness.js';
import { flipBits, randomPdq, sha, someBits } from './analyse-fixtures.js';

/** Base time of the fixture case. */
export const T0 = Date.UTC(2026, 0, 10, 8);
const H = 3_600_000;

/** A small case written by direct SQL: two chats, four users, an original, a re-encoded copy, a forward, a known image. */
export function populate(raw: Database.Database): {
  orig: string;
  reenc: string;
  known: string;
  other: string;
} {
  const rng = seededRng(11);
  const pdq = randomPdq(rng);
  const m = { orig: sha('orig'), reenc: sha('reenc'), known: sha('known'), other: sha('other') };
  const ins = (sql: string, ...args: unknown[]) => raw.prepare(sql).run(...args);
  raw.transaction(() => {
    for (const s of ['s1', 's2'])
      ins(
        `INSERT INTO source (id, kind, sha256, original_path, imported_at, tool_version) VALUES (?, 'telegram-json', ?, ?, '2026-01-01T00:00:00Z', 't')`,
        s,
        sha(s),
        `/x/${s}`,
      );
    for (const c of ['telegram:channel100', 'telegram:channel200', 'telegram:user3'])
      ins(
        `INSERT INTO chat (id, platform, type, title) VALUES (?, 'telegram', 'private_supergroup', ?)`,
        c,
        `Chat ${c.slice(-3)}`,
      );
    for (const [u, names] of [
      ['telegram:user1', ['Old One', 'New One']],
      ['telegram:user2', ['Two']],
      ['telegram:user3', ['Three']],
      ['telegram:user4', ['Four']],
    ] as const) {
      ins(`INSERT INTO actor (id, platform, kind) VALUES (?, 'telegram', 'user')`, u);
      names.forEach((n, i) =>
        ins(
          `INSERT INTO actor_name (actor_id, name, first_seen, last_seen, source_id) VALUES (?, ?, ?, ?, ?)`,
          u,
          n,
          T0 + i * H,
          T0 + i * H,
          `s${i + 1}`,
        ),
      );
    }
    const msg = (
      chat: string,
      id: number,
      author: string,
      t: number,
      extra: { text?: string; reply?: number; fwd?: string } = {},
    ) =>
      ins(
        `INSERT INTO message (chat_id, message_id, type, author_id, date_utc, text, reply_to, forwarded_from, version_hash, raw) VALUES (?, ?, 'message', ?, ?, ?, ?, ?, 'v', '{}')`,
        chat,
        id,
        author,
        t,
        extra.text ?? null,
        extra.reply ?? null,
        extra.fwd ?? null,
      );
    const A = 'telegram:channel100';
    const B = 'telegram:channel200';
    msg(A, 1, 'telegram:user1', T0, { text: 'new set' });
    msg(A, 2, 'telegram:user2', T0 + H, { reply: 1, text: 'thanks @Three' });
    msg(B, 1, 'telegram:user2', T0 + 2 * H, { fwd: 'New One' });
    msg(B, 2, 'telegram:user3', T0 + 3 * H);
    msg(B, 3, 'telegram:user4', T0 - H);
    msg(A, 3, 'telegram:user3', T0 + 5 * H);
    msg('telegram:user3', 1, 'telegram:user1', T0 + 4 * H); // a personal chat: its id is the peer's id
    for (const v of Object.values(m))
      ins(`INSERT INTO media (sha256, kind, size) VALUES (?, 'photo', 100)`, v);
    const occ = (chat: string, id: number, h: string, src = 's1') =>
      ins(
        `INSERT INTO media_occurrence (chat_id, message_id, role, kind, sha256, path, source_id) VALUES (?, ?, 'photo', 'photo', ?, 'p.jpg', ?)`,
        chat,
        id,
        h,
        src,
      );
    occ(A, 1, m.orig);
    occ(A, 1, m.orig, 's2');
    occ(B, 1, m.orig);
    occ(B, 2, m.reenc);
    occ(B, 3, m.known);
    occ(A, 3, m.other);
    const sig = (h: string, v: string) =>
      ins(
        `INSERT INTO signal (sha256, type, convention, value, quality) VALUES (?, 'pdq', 'full', ?, 100)`,
        h,
        v,
      );
    for (const h of Object.values(m))
      ins(`INSERT INTO signal (sha256, type, convention, value) VALUES (?, 'sha256', '', ?)`, h, h);
    ins(
      `INSERT INTO hash_list (name, role, format, version, source_id, entries, created_at, updated_at) VALUES ('L', 'alert', 'text', 1, 's1', 1, 'x', 'x')`,
    );
    ins(
      `INSERT INTO hash_list_entry (id, list_name, version, signal_type, value, position) VALUES (1, 'L', 1, 'sha256', ?, '1')`,
      m.known,
    );
    ins(
      `INSERT INTO match (sha256, entry_id, list_name, signal_type, distance) VALUES (?, 1, 'L', 'sha256', 0)`,
      m.known,
    );
    sig(m.orig, pdq);
    sig(m.reenc, flipBits(pdq, someBits(rng, 14)));
    sig(m.known, randomPdq(rng));
    sig(m.other, randomPdq(rng));
    ins(
      `INSERT INTO membership (id, actor_id, chat_id, kind, at, source_id) VALUES ('m1', 'telegram:user4', ?, 'join', ?, 's1')`,
      A,
      T0 - 2 * H,
    );
  })();
  return m;
}

/**
 * A case holding the fixture on one database: written by direct SQL into a new SQLite case (plus `extra`), then,
 * for PostgreSQL, copied into a new PostgreSQL case. Returns the case folder and the fixture's media.
 */
export async function fixtureCase(
  kind: TestDatabase,
  opts: {
    name?: string;
    home?: string;
    extra?: (raw: Database.Database, m: ReturnType<typeof populate>) => void;
  } = {},
): Promise<{ dir: string; root: string; m: ReturnType<typeof populate> }> {
  const root = mkdtempSync(join(tmpdir(), 'vigie-analyse-'));
  const lite = join(root, 'lite');
  await initCase({ dir: lite, name: opts.name ?? 'Op Test', home: opts.home });
  const raw = new BetterSqlite(join(lite, 'case.sqlite'));
  let m: ReturnType<typeof populate>;
  try {
    m = populate(raw);
    opts.extra?.(raw, m);
  } finally {
    raw.close();
  }
  if (kind === 'sqlite') return { dir: lite, root, m };
  const dir = join(root, 'pg');
  await copyToPostgres(lite, dir);
  return { dir, root, m };
}
