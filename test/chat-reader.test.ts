// The chat reader (issue 15) on the shared small demo case and its PostgreSQL twin: paging both ways covers every
// message of every chat exactly once and in order; replies (quoted), forwards, edits (both versions), service
// messages and media are what the case stores; a day or a message id opens the page around it; the API answers
// the same as the use case, and "show in chat" positions are the actor's first post and latest message.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openCase, type CaseContext } from '../src/app/context.js';
import { chatTimeline, type TimelineMessage } from '../src/app/chat-timeline.js';
import { isAppError } from '../src/domain/errors.js';
import { buildServer } from '../src/server/app.js';
import { copyOfBuiltCase } from './helpers/built-case.js';
import { DATABASES, type TestDatabase } from './helpers/databases.js';
import { addPeople, ORIGIN, signIn } from './server-fixture.js';

interface Row {
  chat_id: string;
  message_id: number;
  type: string;
  date_utc: number | null;
  author_id: string | null;
  text: string | null;
  reply_to: number | null;
  forwarded_from: string | null;
  action: string | null;
  details: string;
}

const ready = (async () => {
  const c = await copyOfBuiltCase('demo-small', DATABASES.includes('postgres') ? 'postgres' : 'sqlite');
  const dirs: Record<TestDatabase, string> = {
    sqlite: join(c.out, 'case'),
    postgres: join(c.out, 'case-pg'),
  };
  const db = new Database(join(dirs.sqlite, 'case.sqlite'), { readonly: true });
  const rows = db
    .prepare(
      'SELECT chat_id, message_id, type, date_utc, author_id, text, reply_to, forwarded_from, action, details FROM message ORDER BY chat_id, message_id',
    )
    .all() as Row[];
  const versions = db
    .prepare('SELECT chat_id, message_id, text FROM message_version WHERE text IS NOT NULL')
    .all() as { chat_id: string; message_id: number; text: string }[];
  const media = db
    .prepare('SELECT DISTINCT chat_id, message_id, role, sha256 FROM media_occurrence')
    .all() as { chat_id: string; message_id: number; role: string; sha256: string | null }[];
  const clusters = db
    .prepare(
      `SELECT originator_id, first_chat_id, first_message_id, first_seen FROM cluster
        WHERE status = 'new' AND originator_id IS NOT NULL AND first_message_id IS NOT NULL ORDER BY first_seen, id`,
    )
    .all() as {
    originator_id: string;
    first_chat_id: string;
    first_message_id: number;
    first_seen: number;
  }[];
  db.close();
  const ctx = Object.fromEntries(
    await Promise.all(DATABASES.map(async (d) => [d, await openCase(dirs[d], { readonly: true })] as const)),
  ) as Record<TestDatabase, CaseContext>;
  return { out: c.out, dirs, rows, versions, media, clusters, ctx };
})();

after(async () => {
  const s = await ready;
  for (const c of Object.values(s.ctx)) await c.close();
});

const chatsOf = (rows: readonly Row[]): string[] => [...new Set(rows.map((r) => r.chat_id))].sort();

/** Every message of a chat, walked page by page from the end backwards, then from the start forwards. */
async function walk(
  ctx: CaseContext,
  chat: string,
  limit: number,
): Promise<{ back: number[]; fwd: number[] }> {
  const back: number[] = [];
  let p = await chatTimeline(ctx, { chat, limit });
  assert.equal(p.hasAfter, false, 'the last page has nothing after it');
  back.unshift(...p.messages.map((m) => m.id));
  while (p.hasBefore) {
    p = await chatTimeline(ctx, { chat, limit, before: p.messages[0]!.id });
    assert.equal(p.hasAfter, true);
    back.unshift(...p.messages.map((m) => m.id));
  }
  const fwd: number[] = [];
  let q = await chatTimeline(ctx, { chat, limit, after: 0 });
  fwd.push(...q.messages.map((m) => m.id));
  while (q.hasAfter) {
    q = await chatTimeline(ctx, { chat, limit, after: q.messages.at(-1)!.id });
    assert.equal(q.hasBefore, true);
    fwd.push(...q.messages.map((m) => m.id));
  }
  return { back, fwd };
}

for (const kind of DATABASES)
  test(`paging both ways covers every message of every chat exactly once, in order (${kind})`, async () => {
    const s = await ready;
    for (const chat of chatsOf(s.rows)) {
      const expected = s.rows.filter((r) => r.chat_id === chat).map((r) => Number(r.message_id));
      const { back, fwd } = await walk(s.ctx[kind], chat, 17);
      assert.deepEqual(back, expected, `${chat}: backwards`);
      assert.deepEqual(fwd, expected, `${chat}: forwards`);
    }
  });

/** What the case stores for a message, in the reader's terms. */
function checkMessage(s: Awaited<typeof ready>, chat: string, m: TimelineMessage): void {
  const r = s.rows.find((x) => x.chat_id === chat && Number(x.message_id) === m.id)!;
  const where = `${chat} #${m.id}`;
  assert.equal(m.type, r.type, where);
  assert.equal(m.text, r.text, where);
  assert.equal(m.author, r.author_id, where);
  assert.equal(m.date, r.date_utc === null ? null : new Date(Number(r.date_utc)).toISOString(), where);
  assert.equal(m.forwardedFrom, r.forwarded_from, where);
  assert.equal(m.action, r.action, where);
  assert.deepEqual(m.details, JSON.parse(r.details) as unknown, where);
  assert.equal(m.reply?.id ?? null, r.reply_to === null ? null : Number(r.reply_to), where);
  if (m.reply) {
    const q = s.rows.find((x) => x.chat_id === chat && Number(x.message_id) === m.reply!.id);
    assert.equal(m.reply.found, q !== undefined, where);
    if (q?.text) assert.ok(q.text.startsWith((m.reply.text ?? '').replace(/…$/, '')), `${where}: the quote`);
  }
  const earlier = new Set(
    s.versions
      .filter((v) => v.chat_id === chat && Number(v.message_id) === m.id && v.text !== r.text)
      .map((v) => v.text),
  );
  assert.deepEqual(new Set(m.versions.map((v) => v.text)), earlier, `${where}: earlier versions`);
  const media = s.media.filter((o) => o.chat_id === chat && Number(o.message_id) === m.id);
  assert.deepEqual(
    m.media.map((o) => `${o.role}:${o.sha256}`).sort(),
    media.map((o) => `${o.role}:${o.sha256}`).sort(),
    `${where}: media`,
  );
}

for (const kind of DATABASES)
  test(`replies, forwards, edits, service messages and media are as stored (${kind})`, async () => {
    const s = await ready;
    const seen = { reply: 0, forward: 0, edit: 0, service: 0, media: 0 };
    for (const chat of chatsOf(s.rows)) {
      let p = await chatTimeline(s.ctx[kind], { chat, limit: 200, after: 0 });
      for (;;) {
        for (const m of p.messages) {
          checkMessage(s, chat, m);
          seen.reply += m.reply ? 1 : 0;
          seen.forward += m.forwardedFrom ? 1 : 0;
          seen.edit += m.versions.length ? 1 : 0;
          seen.service += m.type === 'service' ? 1 : 0;
          seen.media += m.media.length ? 1 : 0;
        }
        if (!p.hasAfter) break;
        p = await chatTimeline(s.ctx[kind], { chat, limit: 200, after: p.messages.at(-1)!.id });
      }
    }
    for (const [k, n] of Object.entries(seen)) assert.ok(n > 0, `the demo case shows ${k}s: ${n}`);
  });

for (const kind of DATABASES)
  test(`a day or a message id opens the page around it; bad input is refused (${kind})`, async () => {
    const s = await ready;
    const ctx = s.ctx[kind];
    const dated = s.rows.filter((r) => r.date_utc !== null);
    const pick = dated[Math.floor(dated.length / 2)]!;
    const day = new Date(Number(pick.date_utc)).toISOString().slice(0, 10);
    const start = Date.parse(`${day}T00:00:00Z`);
    const first = dated
      .filter((r) => r.chat_id === pick.chat_id && Number(r.date_utc) >= start)
      .sort((a, b) => Number(a.date_utc) - Number(b.date_utc) || a.message_id - b.message_id)[0]!;
    const p = await chatTimeline(ctx, { chat: pick.chat_id, date: day, limit: 20 });
    assert.equal(p.anchor, Number(first.message_id), `the first message of ${day} or later`);
    assert.ok(p.messages.some((m) => m.id === p.anchor));
    const a = await chatTimeline(ctx, { chat: pick.chat_id, around: Number(pick.message_id), limit: 9 });
    assert.equal(a.anchor, Number(pick.message_id));
    assert.ok(a.messages.findIndex((m) => m.id === a.anchor) >= 3, 'messages before the anchor too');
    const late = await chatTimeline(ctx, { chat: pick.chat_id, date: '2999-01-01' });
    assert.equal(late.anchor, null, 'no message that late: the last page, nothing marked');
    const refused = async (input: Parameters<typeof chatTimeline>[1], code: string) =>
      assert.rejects(chatTimeline(ctx, input), (e) => isAppError(e) && e.code === code);
    await refused({ chat: 'telegram:nope' }, 'NOT_FOUND');
    await refused({ chat: pick.chat_id, before: 5, after: 2 }, 'USAGE');
    await refused({ chat: pick.chat_id, date: '2024-02-30' }, 'USAGE');
  });

test('the API answers the use case, and show-in-chat positions are the first post and the latest message', async () => {
  const s = await ready;
  await addPeople(s.out, [{ name: 'ana', role: 'analyst', cases: ['case', 'case-pg'] }]);
  const app = await buildServer({ casesDir: s.out });
  try {
    const cookie = await signIn(app, 'ana');
    const chat = chatsOf(s.rows)[0]!;
    for (const kind of DATABASES) {
      const name = kind === 'sqlite' ? 'case' : 'case-pg';
      const url = `/api/v1/cases/${name}/chats/${encodeURIComponent(chat)}/timeline?after=0&limit=30`;
      const r = await app.inject({ url, headers: { cookie, origin: ORIGIN } });
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual(r.json(), await chatTimeline(s.ctx[kind], { chat, after: 0, limit: 30 }));
      const first = s.clusters[0]!;
      const author = first.originator_id;
      const latest = s.rows
        .filter((x) => x.author_id === author && x.date_utc !== null)
        .sort(
          (a, b) =>
            Number(b.date_utc) - Number(a.date_utc) ||
            (a.chat_id < b.chat_id ? 1 : a.chat_id > b.chat_id ? -1 : 0) ||
            b.message_id - a.message_id,
        )[0]!;
      const pos = await app.inject({
        url: `/api/v1/cases/${name}/chat-positions?actors=${encodeURIComponent(author)},telegram:nobody`,
        headers: { cookie },
      });
      assert.equal(pos.statusCode, 200, pos.body);
      const items = (pos.json() as { items: { actor: string; latestMessage: unknown; firstPost: unknown }[] })
        .items;
      assert.deepEqual(items[0]!.latestMessage, {
        chat: latest.chat_id,
        message: Number(latest.message_id),
        date: new Date(Number(latest.date_utc)).toISOString(),
      });
      assert.deepEqual(items[0]!.firstPost, {
        chat: first.first_chat_id,
        message: Number(first.first_message_id),
        date: new Date(Number(first.first_seen)).toISOString(),
      });
      assert.deepEqual(items[1], { actor: 'telegram:nobody', firstPost: null, latestMessage: null });
    }
  } finally {
    await app.close();
  }
});
