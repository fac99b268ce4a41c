import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { telegramJson } from '../src/pipeline/import/telegram-json/index.js';
import type { ChatRecord, MessageRecord, SourceMetadata } from '../src/pipeline/import/model.js';
import { packForWriter } from '../src/pipeline/import/pack.js';
import { unpackMessage } from '../src/domain/message-row.js';
import { packedVersionHash } from '../src/store/version-hash.js';

const DIR = resolve('../shared/fixtures/telegram-real');
/** The version hash the writer computes when a second source brings the message (ADR 0009). */
const vh = (m: MessageRecord): string => packedVersionHash(unpackMessage(packForWriter(m)));
const EXPECT = JSON.parse(readFileSync(join(DIR, 'expectations.json'), 'utf8')) as Record<
  string,
  Record<string, unknown>
>;

function readAll(
  path: string,
  tz?: string,
): { chats: ChatRecord[]; messages: MessageRecord[]; metadata: SourceMetadata | null } {
  const src = telegramJson.detect(path);
  assert.ok(src, `${path} recognised`);
  const chats: ChatRecord[] = [];
  const messages: MessageRecord[] = [];
  let metadata: SourceMetadata | null = null;
  for (const ev of telegramJson.read(src, { tz })) {
    if (ev.type === 'chat') chats.push(ev.chat);
    else if (ev.type === 'message') messages.push(ev.message);
    else if (ev.type === 'metadata') metadata = ev.metadata;
  }
  return { chats, messages, metadata };
}

function expectedChatId(e: Record<string, unknown>): string {
  const type = e['chatType'] as string;
  const kind = /personal|saved|bot/.test(type) ? 'user' : type === 'private_group' ? 'chat' : 'channel';
  let id = BigInt(e['chatId'] as number);
  if (e['bareChatId'] !== undefined) id = BigInt(e['bareChatId'] as number);
  else if (!String(e['peerIdScheme']).startsWith('prefixed')) id -= kind === 'user' ? 2n ** 32n : 2n ** 33n;
  return `telegram:${kind}${id}`;
}

for (const [name, e] of Object.entries(EXPECT)) {
  if (e['format'] === 'html') continue;
  test(`fixture ${name} matches expectations.json`, () => {
    const path = join(DIR, name);
    assert.ok(existsSync(join(path, 'result.json')));
    const { chats, messages, metadata } = readAll(path, 'Europe/Paris');
    assert.equal(chats.length, 1);
    const chat = chats[0]!;
    assert.equal(chat.type, e['chatType']);
    assert.equal(chat.rawId, String(e['chatId']));
    assert.equal(chat.id, expectedChatId(e));
    assert.equal(chat.title !== null, e['hasNameKey']);
    assert.equal(messages.length, e['messageCount']);
    assert.equal(messages.filter((m) => m.type === 'service').length, e['serviceCount']);
    assert.deepEqual([...new Set(messages.map((m) => m.action).filter(Boolean))].sort(), e['actions']);
    const mediaTypes = new Set(
      messages.flatMap((m) =>
        m.media.filter((x) => x.role === 'file' && x.kind !== 'file').map((x) => x.kind),
      ),
    );
    assert.deepEqual([...mediaTypes].sort(), e['mediaTypes']);
    assert.equal(messages[0]!.messageId, e['firstId']);
    assert.equal(messages.at(-1)!.messageId, e['lastId']);
    const ids = messages.map((m) => m.messageId);
    assert.equal(
      ids.every((v, i) => i === 0 || v > ids[i - 1]!),
      e['idsMonotonic'],
    );
    const keys = new Set(messages.flatMap((m) => Object.keys(JSON.parse(m.raw) as object)));
    assert.deepEqual([...keys].sort(), e['messageKeys']);
    for (const m of messages) {
      assert.ok(m.chatId === chat.id && /^[0-9a-f]{64}$/.test(vh(m)));
      if (m.type !== 'unsupported')
        assert.equal(typeof m.date.utc, 'number', `message ${m.messageId} has a UTC time`);
    }
    assert.equal(metadata?.shape, 'single-chat');
  });
}

test('tg2md 2020 (shifted numeric ids) and 2021 (prefixed strings) name the same chat and authors', () => {
  const a = readAll(join(DIR, 'tg2md-channel-2020'), 'UTC');
  const b = readAll(join(DIR, 'tg2md-channel-2021'), 'UTC');
  assert.equal(a.chats[0]!.id, 'telegram:channel1292077344');
  assert.equal(b.chats[0]!.id, a.chats[0]!.id);
  assert.deepEqual([...new Set(a.messages.map((m) => m.authorId))], ['telegram:channel1292077344']);
  assert.deepEqual([...new Set(b.messages.map((m) => m.authorId))], ['telegram:channel1292077344']);
  const m5 = a.messages.find((m) => m.messageId === 5)!;
  assert.equal(m5.editedUtc, Date.UTC(2020, 10, 12, 13, 3, 0));
  assert.deepEqual(m5.entities[0], { type: 'italic', offset: 0, length: 8 });
  assert.equal(m5.entities.at(-1)!.type, 'pre');
  assert.equal(m5.entities.at(-1)!['language'], '');
  const m14 = a.messages.find((m) => m.messageId === 14)!;
  assert.equal(m14.text, 'text link\n\nexample.com\n\nexample@example.com');
  assert.equal(m14.entities[0]!['href'], 'http://example.com/');
  assert.equal(a.metadata?.inferredVersion, 'tdesktop >=1.4.8 <2.7.2');
  assert.equal(b.metadata?.inferredVersion, 'tdesktop >=2.7.2');
  const shared = a.messages.filter((m) => b.messages.some((x) => x.messageId === m.messageId));
  for (const m of shared)
    assert.equal(
      vh(m),
      vh(b.messages.find((x) => x.messageId === m.messageId)!),
      `message ${m.messageId} same version`,
    );
});

test('saved messages: forwards, via_bot, placeholders in file and thumbnail, trailing empty text part', () => {
  const { chats, messages } = readAll(join(DIR, 'innerdvations-saved-messages'), 'UTC');
  assert.equal(chats[0]!.title, null);
  const fwd = messages.find((m) => m.messageId === 176390)!;
  assert.equal(fwd.forwardedFrom, 'Other Person');
  assert.equal(fwd.savedFrom, 'Other Person');
  assert.ok(messages.some((m) => m.viaBot === '@gif'));
  const big = messages.flatMap((m) => m.media).filter((x) => x.absence === 'too_large');
  assert.ok(big.some((x) => x.role === 'file') && big.some((x) => x.role === 'thumbnail'));
  const photo = messages.flatMap((m) => m.media).find((x) => x.role === 'photo')!;
  assert.equal(photo.absence, 'missing');
  assert.equal(photo.width, 904);
});

test('private channel: polls, pinned message target, replies', () => {
  const { messages } = readAll(join(DIR, 'innerdvations-private-channel'), 'UTC');
  const polls = messages.filter((m) => m.details['poll']);
  assert.equal(polls.length, 2);
  const pin = messages.find((m) => m.action === 'pin_message')!;
  assert.equal(typeof pin.details['message_id'], 'number');
  assert.ok(messages.some((m) => m.replyTo !== null));
});

test('personal chat: modern string ids, phone call, placeholders; local-only dates need the zone', () => {
  const { chats, messages } = readAll(join(DIR, 'mlomb-personal-chat'), '+02:00');
  assert.equal(chats[0]!.id, 'telegram:user700000000');
  const call = messages.find((m) => m.action === 'phone_call')!;
  assert.equal(call.details['duration_seconds'], 56);
  assert.equal(call.details['discard_reason'], 'hangup');
  assert.equal(call.date.quality, 'exact');
  const first = messages[0]!;
  assert.equal(first.date.quality, 'assumed-zone');
  assert.equal(first.date.utc, Date.UTC(2019, 6, 5, 14, 55, 32));
  const ph = messages.flatMap((m) => m.media).filter((x) => x.absence === 'not_included');
  assert.equal(ph.length, 2);
  assert.equal(messages.find((m) => m.messageId === 3644)!.entities[0]!.type, 'link');
});

test('migrated supergroup keeps the basic group history (ids − 1e9) with its memberships', () => {
  const { messages } = readAll(join(DIR, 'innerdvations-migrated-supergroup'), 'UTC');
  const create = messages.find((m) => m.action === 'create_group')!;
  assert.equal(create.messageId, 321550 - 1_000_000_000);
  assert.deepEqual(create.titles, [{ title: 'test', at: create.date.utc }]);
  assert.deepEqual(
    create.memberships.map((m) => [m.kind, m.actorId === null ? m.memberName : 'actor']),
    [
      ['create', 'actor'],
      ['invite', 'BenBot'],
    ],
  );
});

test('IANA zones handle DST: ambiguous fall-back hour flagged, summer offset applied', async () => {
  const { parseZone } = await import('../src/pipeline/import/telegram-json/time.js');
  const z = parseZone('Europe/Paris');
  assert.deepEqual(z.toUtc(Date.UTC(2021, 6, 1, 12, 0, 0)), {
    utc: Date.UTC(2021, 6, 1, 10, 0, 0),
    quality: 'assumed-zone',
  });
  assert.deepEqual(z.toUtc(Date.UTC(2021, 0, 1, 12, 0, 0)), {
    utc: Date.UTC(2021, 0, 1, 11, 0, 0),
    quality: 'assumed-zone',
  });
  assert.equal(z.toUtc(Date.UTC(2021, 9, 31, 2, 30, 0)).quality, 'ambiguous');
  assert.equal(z.toUtc(Date.UTC(2021, 2, 28, 2, 30, 0)).quality, 'nonexistent');
  assert.deepEqual(parseZone('-05:30').toUtc(0), { utc: 5.5 * 3600000, quality: 'assumed-zone' });
  assert.throws(() => parseZone('Mars/Olympus'), /IANA/);
});

test('contacts, locations, invoices (JSON in a string), rich_message without text, unsupported and 1970 edits', async () => {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { writeExport, msg } = await import('./import-factory.js');
  const t = 1_700_000_000;
  const dir = writeExport(mkdtempSync(join(tmpdir(), 'vigie-norm-')), {
    name: 'Z',
    type: 'public_channel',
    id: 77,
    messages: [
      msg(1, t, 'Z', 'channel77', '', {
        contact_information: { first_name: 'Ann', last_name: '', phone_number: '+33 6 00 00 00 00' },
      }),
      msg(2, t, 'Z', 'channel77', '', { location_information: { latitude: 48.85, longitude: 2.35 } }),
      msg(3, t, 'Z', 'channel77', '', { invoice_information: '{\n "title": "Shop",\n "amount": 500\n}' }),
      {
        id: 4,
        type: 'message',
        date_unixtime: String(t),
        from: 'Z',
        from_id: 'channel77',
        rich_message: { blocks: [] },
      },
      { id: 5, type: 'unsupported' },
      { ...msg(6, t, 'Z', 'channel77', 'x'), edited: '1970-01-01T01:00:00' },
    ],
  });
  const { messages } = readAll(dir);
  const by = (id: number): MessageRecord => messages.find((m) => m.messageId === id)!;
  assert.equal(
    (by(1).details['contact_information'] as Record<string, string>)['phone_number'],
    '+33 6 00 00 00 00',
  );
  assert.deepEqual(by(2).details['location_information'], { latitude: 48.85, longitude: 2.35 });
  assert.deepEqual(by(3).details['invoice_information'], { title: 'Shop', amount: 500 });
  assert.equal(by(4).text, null);
  assert.deepEqual(by(4).details['unknownKeys'], ['rich_message']);
  assert.equal(by(5).date.quality, 'none');
  assert.equal(by(5).authorId, null);
  assert.equal(by(6).editedUtc, null);
});
