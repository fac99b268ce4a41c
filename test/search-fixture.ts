// Shared by test/search*.test.ts: a brute-force scan of a SQLite case's texts (the peer of the search index) and
// the key of a hit, so that results on either database are compared with what a plain scan of the messages finds.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { SearchItem } from '../src/app/search-messages.js';

/** One text the index should hold: a message version, an actor name or a chat title. */
export interface PeerDoc {
  readonly kind: 'message' | 'actorName' | 'chatName';
  readonly chat: string | null;
  readonly message: number | null;
  readonly version: string;
  readonly actor: string | null;
  readonly at: number | null;
  readonly words: readonly string[];
}

/** Fold a text as FTS5's `unicode61 remove_diacritics 2` does for Latin letters: lower case, Latin accents off. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC');
}

/** The words of a text: runs of letters and digits, folded. */
export function wordsOf(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}\p{Co}]+/gu) ?? [];
}

/** Every text of a SQLite case read directly (not through the index). */
export function peerDocs(caseDir: string): PeerDoc[] {
  const db = new Database(join(caseDir, 'case.sqlite'), { readonly: true });
  try {
    type M = { chat_id: string; message_id: number; author_id: string | null; date_utc: number | null };
    const messages = db
      .prepare('SELECT chat_id, message_id, author_id, date_utc, text FROM message')
      .all() as (M & { text: string | null })[];
    const current = new Map(messages.map((m) => [`${m.chat_id}/${m.message_id}`, m]));
    const out: PeerDoc[] = [];
    const msg = (m: M, version: string, text: string) =>
      out.push({
        kind: 'message',
        chat: m.chat_id,
        message: m.message_id,
        version,
        actor: m.author_id,
        at: m.date_utc,
        words: wordsOf(text),
      });
    for (const m of messages) if (m.text) msg(m, '', m.text);
    const versions = db
      .prepare('SELECT chat_id, message_id, version_hash, text FROM message_version ORDER BY version_hash')
      .all() as { chat_id: string; message_id: number; version_hash: string; text: string | null }[];
    const seen = new Set<string>();
    for (const v of versions) {
      const m = current.get(`${v.chat_id}/${v.message_id}`);
      const key = `${v.chat_id}/${v.message_id}/${v.text}`;
      if (!m || !v.text || v.text === m.text || seen.has(key)) continue;
      seen.add(key);
      msg(m, v.version_hash, v.text);
    }
    const names = db.prepare(`SELECT DISTINCT actor_id, name FROM actor_name WHERE name <> ''`).all() as {
      actor_id: string;
      name: string;
    }[];
    for (const n of names)
      out.push({
        kind: 'actorName',
        chat: null,
        message: null,
        version: '',
        actor: n.actor_id,
        at: null,
        words: wordsOf(n.name),
      });
    const titles = db
      .prepare(
        `SELECT DISTINCT chat_id, title FROM (SELECT chat_id, title FROM chat_title
           UNION ALL SELECT id, title FROM chat WHERE title IS NOT NULL) WHERE title <> ''`,
      )
      .all() as { chat_id: string; title: string }[];
    for (const t of titles)
      out.push({
        kind: 'chatName',
        chat: t.chat_id,
        message: null,
        version: '',
        actor: null,
        at: null,
        words: wordsOf(t.title),
      });
    return out;
  } finally {
    db.close();
  }
}

/** A parsed test query: terms of folded words, the last of each a prefix when starred. */
export type PeerTerm = { words: string[]; prefix: boolean };

/** Whether a document holds every term (a term's words in a row, the last a prefix when asked). */
export function peerMatches(doc: PeerDoc, terms: readonly PeerTerm[]): boolean {
  return terms.every((t) =>
    doc.words.some((_w, i) =>
      t.words.every((tw, k) => {
        const dw = doc.words[i + k];
        if (dw === undefined) return false;
        return t.prefix && k === t.words.length - 1 ? dw.startsWith(tw) : dw === tw;
      }),
    ),
  );
}

/** The key of a hit, and of a peer document: kind, chat, message, version, actor. */
export function hitKey(h: SearchItem): string {
  return [h.kind, h.chat ?? '', h.message ?? '', h.version ?? '', h.author ?? ''].join('|');
}

/** The key of a peer document (see hitKey). */
export function peerKey(d: PeerDoc): string {
  return [d.kind, d.chat ?? '', d.message ?? '', d.version, d.actor ?? ''].join('|');
}
