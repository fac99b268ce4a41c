// The packed message's three readers agree (ADR 0009, issue 13): `AT` (read by name on the import's hot path),
// `unpackMessage` / `packMessage`, and `messageRowOf` (the row bound by position), on every message of the real
// JSON fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { telegramJson } from '../src/pipeline/import/telegram-json/index.js';
import { packForWriter } from '../src/pipeline/import/pack.js';
import {
  AT,
  MESSAGE_COLUMNS,
  messageRowOf,
  packMessage,
  unpackMessage,
  type PackedMessage,
} from '../src/domain/message-row.js';

const DIR = resolve('../shared/fixtures/telegram-real');

function packedOf(name: string): PackedMessage[] {
  const src = telegramJson.detect(join(DIR, name));
  assert.ok(src, `${name} recognised`);
  const out: PackedMessage[] = [];
  for (const ev of telegramJson.read(src, { tz: 'Europe/Paris' }))
    if (ev.type === 'message') out.push(packForWriter(ev.message));
  return out;
}

const fixtures = readdirSync(DIR).filter((n) => existsSync(join(DIR, n, 'result.json')));

test('every JSON fixture is read (the agreement below is not vacuous)', () => {
  assert.ok(fixtures.length >= 3, fixtures.join(', '));
  const expectations = JSON.parse(readFileSync(join(DIR, 'expectations.json'), 'utf8')) as object;
  for (const n of fixtures) assert.ok(n in expectations, n);
});

for (const name of fixtures)
  test(`${name}: AT, unpackMessage, packMessage and messageRowOf agree`, () => {
    const packed = packedOf(name);
    assert.ok(packed.length > 0);
    for (const p of packed) {
      const m = unpackMessage(p);
      for (const [field, at] of Object.entries(AT)) assert.equal(p[at], m[field as keyof typeof AT], field);
      assert.deepEqual(packMessage(m), p);
      const expected = MESSAGE_COLUMNS.map((c) =>
        c === 'raw' ? 'RAW' : c === 'source_id' ? 'SRC' : m[c as Exclude<typeof c, 'raw' | 'source_id'>],
      );
      assert.deepEqual(messageRowOf(p, 'RAW', 'SRC'), expected, `message ${m.chat_id}/${m.message_id}`);
    }
  });
