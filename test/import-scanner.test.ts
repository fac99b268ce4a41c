import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanExport, type ScanEvent } from '../src/pipeline/import/telegram-json/scanner.js';
import { parseTolerant } from '../src/pipeline/import/telegram-json/tolerant-json.js';

const NASTY = ['"', '\\', '{', '}', '[', ']', ',', ':', 'é', '😀', '\n', '\u2028', 'x', ' ', '\\x41', '""'];

function scan(text: string, chunk: number): { events: ScanEvent[]; envelope: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'vigie-scan-')), 'result.json');
  writeFileSync(file, text);
  const fd = openSync(file, 'r');
  try {
    const gen = scanExport(fd, chunk);
    const events: ScanEvent[] = [];
    let r = gen.next();
    while (!r.done) {
      events.push(r.value);
      r = gen.next();
    }
    return { events, envelope: r.value };
  } finally {
    closeSync(fd);
  }
}

test('the scanner finds every message exactly, whatever the strings hold and wherever chunks end', () => {
  let seed = 7;
  const rnd = (k: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % k);
  for (let round = 0; round < 20; round++) {
    const messages = Array.from({ length: 1 + rnd(12) }, (_, i) => ({
      id: i + 1,
      type: 'message',
      text: Array.from({ length: rnd(20) }, () => NASTY[rnd(NASTY.length)]).join(''),
      nested: { a: [1, { b: 'c}' }], '}': '{' },
    }));
    const doc = { name: 'N{"}', type: 'private_supergroup', id: 5, messages, tail: ['x'] };
    const text = JSON.stringify(doc, null, rnd(3));
    for (const chunk of [1, 3, 7, 64, 1 << 16]) {
      const { events, envelope } = scan(text, chunk);
      const got = events.filter((e) => e.type === 'message').map((e) => JSON.parse(e.text) as unknown);
      assert.deepEqual(got, messages, `round ${round}, chunk ${chunk}`);
      const start = events[0]!;
      assert.equal(start.type, 'chat-start');
      if (start.type === 'chat-start')
        assert.deepEqual(JSON.parse(start.header), { name: 'N{"}', type: 'private_supergroup', id: 5 });
      assert.deepEqual(JSON.parse(envelope), { ...doc, messages: [] });
    }
  }
});

test('message byte offsets point at the message in the file', () => {
  const text = JSON.stringify({
    type: 'saved_messages',
    id: 1,
    messages: [
      { id: 1, text: 'é😀' },
      { id: 2, text: 'b' },
    ],
  });
  const { events } = scan(text, 5);
  const buf = Buffer.from(text);
  for (const e of events)
    if (e.type === 'message')
      assert.equal(buf.subarray(e.offset, e.offset + Buffer.byteLength(e.text)).toString(), e.text);
});

test('the tolerant parser: \\x escapes only inside strings and not after an escaped backslash; big integers exact', () => {
  const r = parseTolerant(
    '{"a": "x\\x01y\\\\x41", "n": 12345678901234567890, "m": -9007199254740993, "f": 55.755826}',
  );
  assert.deepEqual(r.value, {
    a: 'x\u0001y\\x41',
    n: 12345678901234567890n,
    m: -9007199254740993n,
    f: 55.755826,
  });
  assert.equal(r.warnings.filter((w) => w.code === 'JSON_X_ESCAPE').length, 1);
  assert.throws(() => parseTolerant('{"a": [1, 2}'), /expected ',' or '\]'/);
});
