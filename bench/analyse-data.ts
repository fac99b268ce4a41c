// Synthetic article-scale data for bench/analyse.bench.ts: an in-memory case and the same case in a SQLite store.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalysisInput } from '../src/pipeline/analyse/analyse.js';
import { seededRng } from '../src/pipeline/analyse/betweenness.js';
import type { MessageInput, Occurrence, PdqSignal } from '../src/pipeline/analyse/types.js';
import type { MediaStatus } from '../src/domain/media-status.js';
import { initCase } from '../src/app/init-case.js';
import Database from 'better-sqlite3';

/** Article scale. */
export const ACTORS = 10_000;
/** Article scale. */
export const MESSAGES = 70_000;
/** Article scale. */
export const IMAGES = 23_000;
const CHATS = 60;

function hex(rng: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rng() * 16).toString(16);
  return s;
}

function flip(h: string, rng: () => number, bits: number): string {
  const nib = h.split('').map((c) => parseInt(c, 16));
  for (let k = 0; k < bits; k++) {
    const b = Math.floor(rng() * 256);
    nib[b >> 2] = nib[b >> 2]! ^ (8 >> (b & 3));
  }
  return nib.map((n) => n.toString(16)).join('');
}

/** A deterministic synthetic case. */
export function syntheticCase(seed = 42): AnalysisInput {
  const rng = seededRng(seed);
  const actor = (i: number) => `telegram:user${1000 + i}`;
  const chat = (i: number) => `telegram:channel${500 + i}`;
  // Zipf-like activity: a few actors post a lot.
  const pickActor = () => Math.floor(ACTORS * Math.pow(rng(), 2.2));
  const messages: MessageInput[] = [];
  const perChat = new Map<string, number>();
  const t0 = Date.UTC(2025, 0, 1);
  for (let i = 0; i < MESSAGES; i++) {
    const c = chat(Math.floor(CHATS * Math.pow(rng(), 1.5)));
    const id = (perChat.get(c) ?? 0) + 1;
    perChat.set(c, id);
    const author = actor(pickActor());
    const reply = id > 1 && rng() < 0.2 ? Math.max(1, id - 1 - Math.floor(rng() * 20)) : null;
    const mention = rng() < 0.05 ? `hey @name${pickActor()}` : null;
    messages.push({
      chatId: c,
      messageId: id,
      type: rng() < 0.03 ? 'service' : 'message',
      authorId: author,
      dateUtc: t0 + i * 40_000 + Math.floor(rng() * 30_000),
      replyTo: reply,
      text: mention ?? (rng() < 0.3 ? 'caption text here' : null),
      entities: null,
      forwardedFrom: rng() < 0.05 ? 'Someone' : null,
    });
  }
  const media: string[] = [];
  const signals: PdqSignal[] = [];
  const statuses = new Map<string, MediaStatus>();
  const bases: string[] = [];
  for (let i = 0; i < IMAGES; i++) {
    const sha = hex(rng, 64);
    const reencoded = i > 100 && rng() < 0.15;
    const pdq = reencoded
      ? flip(bases[Math.floor(rng() * bases.length)]!, rng, Math.floor(rng() * 20))
      : hex(rng, 64);
    if (!reencoded) bases.push(pdq);
    media.push(sha);
    signals.push({ sha256: sha, pdq, quality: rng() < 0.02 ? 30 : 80 + Math.floor(rng() * 21) });
    const r = rng();
    statuses.set(sha, r < 0.1 ? 'known' : r < 0.12 ? 'ignored' : 'new');
  }
  const regular = messages.filter((m) => m.type === 'message');
  const occurrences: Occurrence[] = [];
  const post = (sha: string) => {
    const m = regular[Math.floor(rng() * regular.length)]!;
    occurrences.push({
      sha256: sha,
      chatId: m.chatId,
      messageId: m.messageId,
      authorId: m.authorId,
      dateUtc: m.dateUtc,
      sourceId: 's1',
    });
  };
  for (const sha of media) {
    post(sha);
    while (rng() < 0.35) post(sha); // reposts and forwards
  }
  const names = Array.from({ length: ACTORS }, (_, i) => [
    { actorId: actor(i), name: `name${i}`, firstSeen: t0, lastSeen: t0 + 1e9, sourceId: 's1' },
    ...(i % 50 === 0
      ? [{ actorId: actor(i), name: `renamed${i}`, firstSeen: t0 + 2e9, lastSeen: t0 + 3e9, sourceId: 's1' }]
      : []),
  ]).flat();
  const actors = Array.from({ length: ACTORS }, (_, i) => ({ id: actor(i), kind: 'user' }));
  const memberships = actors.map((a, i) => ({
    actorId: a.id,
    chatId: chat(i % CHATS),
    kind: 'join',
    at: t0,
  }));
  return { media, occurrences, signals, statuses, messages, actors, names, memberships };
}

/** Write the synthetic case into a real case store with direct SQL (what the importer and hasher would leave). */
export async function storeCase(input: AnalysisInput): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'vigie-bench-analyse-')), 'case');
  await initCase({ dir, name: 'bench' });
  const raw = new Database(join(dir, 'case.sqlite'));
  raw.transaction(() => {
    raw
      .prepare(
        `INSERT INTO source (id, kind, sha256, original_path, imported_at, tool_version) VALUES ('s1', 'telegram-json', ?, '/bench', 'x', 'bench')`,
      )
      .run('0'.repeat(64));
    const chats = new Set([
      ...input.messages.map((m) => m.chatId),
      ...input.memberships.map((m) => m.chatId),
    ]);
    const chat = raw.prepare(
      `INSERT INTO chat (id, platform, type, title) VALUES (?, 'telegram', 'private_supergroup', ?)`,
    );
    for (const c of chats) chat.run(c, `chat ${c}`);
    const actor = raw.prepare(`INSERT INTO actor (id, platform, kind) VALUES (?, 'telegram', 'user')`);
    for (const a of input.actors) actor.run(a.id);
    const name = raw.prepare(
      `INSERT INTO actor_name (actor_id, name, first_seen, last_seen, source_id) VALUES (?, ?, ?, ?, 's1')`,
    );
    for (const n of input.names) name.run(n.actorId, n.name, n.firstSeen, n.lastSeen);
    const msg = raw.prepare(
      `INSERT INTO message (chat_id, message_id, type, author_id, date_utc, text, reply_to, forwarded_from, version_hash, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'v', '{}')`,
    );
    for (const m of input.messages)
      msg.run(m.chatId, m.messageId, m.type, m.authorId, m.dateUtc, m.text, m.replyTo, m.forwardedFrom);
    const media = raw.prepare(`INSERT INTO media (sha256, kind, size) VALUES (?, 'photo', 1000)`);
    const sig = raw.prepare(
      `INSERT INTO signal (sha256, type, convention, value, quality) VALUES (?, ?, ?, ?, ?)`,
    );
    for (const h of input.media) {
      media.run(h);
      sig.run(h, 'sha256', '', h, null);
    }
    for (const s of input.signals) sig.run(s.sha256, 'pdq', 'full', s.pdq, s.quality);
    const occ = raw.prepare(
      `INSERT OR IGNORE INTO media_occurrence (chat_id, message_id, role, kind, sha256, path, source_id) VALUES (?, ?, 'photo', 'photo', ?, 'p.jpg', 's1')`,
    );
    for (const o of input.occurrences) occ.run(o.chatId, o.messageId, o.sha256);
    const mem = raw.prepare(
      `INSERT INTO membership (id, actor_id, chat_id, kind, at, source_id) VALUES (?, ?, ?, ?, ?, 's1')`,
    );
    input.memberships.forEach((m, i) => mem.run(`m${i}`, m.actorId, m.chatId, m.kind, m.at));
  })();
  raw.close();
  return dir;
}
