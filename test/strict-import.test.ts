import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { initCase } from '../src/app/init-case.js';
import { openCase, type CaseContext } from '../src/app/context.js';
import { importSources } from '../src/app/import-sources.js';
import { isAppError } from '../src/domain/errors.js';
import { caseDigest } from './helpers/case-digest.js';
import { msg } from './import-factory.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'vigie-strict-imp-'));
const t = 1_700_000_000;
const HTML = resolve('../shared/fixtures/telegram-real/emerickgrimm-html-personal/messages.html');

async function newCase(): Promise<{ dir: string; ctx: CaseContext }> {
  const dir = join(tmp(), 'case');
  await initCase({ dir });
  return { dir, ctx: await openCase(dir) };
}

/** Write `body` as an export's result.json (or messages.html) and expect the import to fail with `code`. */
async function refused(body: string, code: string, pattern: RegExp, name = 'result.json'): Promise<void> {
  const { dir, ctx } = await newCase();
  const before = caseDigest(dir);
  const exp = join(tmp(), 'export');
  mkdirSync(exp);
  writeFileSync(join(exp, name), body);
  try {
    await assert.rejects(importSources(ctx, { paths: [exp] }), (e) => {
      assert.ok(isAppError(e), String(e));
      assert.equal(e.code, code, e.message);
      assert.match(e.message, pattern);
      return true;
    });
    assert.equal(caseDigest(dir), before, 'a refused export left the case as it was');
  } finally {
    await ctx.close();
  }
}

const chat = (messages: unknown, extra = ''): string =>
  `{"name":"G","type":"private_supergroup","id":1234,${extra}"messages":${typeof messages === 'string' ? messages : JSON.stringify(messages)}}`;
const one = JSON.stringify([msg(1, t, 'A', 'user1', 'hi')]);

test('an export whose messages is not a list: IMPORT_MESSAGES_NOT_LIST with its place', async () => {
  await refused(
    chat('{"1":{}}'),
    'IMPORT_MESSAGES_NOT_LIST',
    /result\.json: byte \d+: "messages" is an object, not a list/,
  );
  await refused(
    chat('"none"'),
    'IMPORT_MESSAGES_NOT_LIST',
    /result\.json: \$\.messages: "messages" is a string, not a list/,
  );
  await refused(chat('null'), 'IMPORT_MESSAGES_NOT_LIST', /\$\.messages: "messages" is null/);
  const full = `{"about":"x","chats":{"about":"y","list":[${chat(one)},${chat('7')}]}}`;
  await refused(full, 'IMPORT_MESSAGES_NOT_LIST', /\$\.chats\.list\[1\]\.messages: "messages" is a number/);
});

test('a non-integer or unsafe message or chat id: IMPORT_BAD_ID', async () => {
  const m = (id: string): string => one.replace('"id":1,', `"id":${id},`);
  await refused(
    chat(m('1.5e300')),
    'IMPORT_BAD_ID',
    /result\.json: byte \d+: message id 1\.5e\+300 is not an integer/,
  );
  await refused(chat(m('1.5')), 'IMPORT_BAD_ID', /message id 1\.5 /);
  await refused(chat(m('"7"')), 'IMPORT_BAD_ID', /message id "7" /);
  await refused(chat(m('123456789012345678901')), 'IMPORT_BAD_ID', /message id 123456789012345678901 /);
  await refused(chat(one).replace('"id":1234', '"id":1.5e300'), 'IMPORT_BAD_ID', /chat id 1\.5e\+300/);
});

test('a duplicate key that changes a stored value: IMPORT_DUPLICATE_KEY; an identical repeat is accepted', async () => {
  await refused(
    chat(one, '"name":"H",'),
    'IMPORT_DUPLICATE_KEY',
    /result\.json: chat root .*\$\.name: key written 2 times with different values \("G", "H"\)/,
  );
  await refused(
    `{"about":"a","about":"b",${chat(one).slice(1)}`,
    'IMPORT_DUPLICATE_KEY',
    /\$\.about: key written 2 times/,
  );
  const twice = one.replace('"id":1,', '"id":1,"id":2,');
  await refused(
    chat(twice),
    'IMPORT_DUPLICATE_KEY',
    /result\.json: byte \d+: \$\.id: key written 2 times with different values \(1, 2\)/,
  );
  const { ctx } = await newCase();
  const exp = join(tmp(), 'same');
  mkdirSync(exp);
  writeFileSync(join(exp, 'result.json'), chat(one, '"name":"G",'));
  const r = await importSources(ctx, { paths: [exp] });
  assert.equal(r.sources[0]?.messages, 1);
  await ctx.close();
});

test('an invalid date_unixtime: IMPORT_BAD_TIME (not IMPORT_NEEDS_TZ)', async () => {
  for (const v of ['"soon"', '"1.5"', '1.5e300', '"99999999999999"', 'true'])
    await refused(
      chat(one.replace(`"date_unixtime":"${t}"`, `"date_unixtime":${v}`)),
      'IMPORT_BAD_TIME',
      /message 1, byte \d+: date_unixtime .* is not a unix time/,
    );
});

test('100k-deep nesting in a message, the envelope or an HTML page: INPUT_TOO_DEEP, no stack overflow', async () => {
  const deep = `${'['.repeat(100000)}${']'.repeat(100000)}`;
  await refused(
    chat(one.replace('"text":"hi"', `"text":${deep}`)),
    'INPUT_TOO_DEEP',
    /result\.json: byte \d+: a message nested deeper than 256 levels/,
  );
  await refused(
    chat(one, `"about":${deep},`),
    'INPUT_TOO_DEEP',
    /result\.json: byte \d+: nested deeper than 256 levels/,
  );
  const deepObj = `${'{"a":'.repeat(100000)}1${'}'.repeat(100000)}`;
  await refused(chat(one, `"about":${deepObj},`), 'INPUT_TOO_DEEP', /nested deeper than 256 levels/);
  const html = readFileSync(HTML, 'utf8');
  const at = html.indexOf('<div class="text">');
  assert.ok(at > 0);
  const bad = html.slice(0, at) + '<div>'.repeat(100000) + '</div>'.repeat(100000) + html.slice(at);
  await refused(
    bad,
    'INPUT_TOO_DEEP',
    /messages\.html: line \d+: elements nested deeper than 256 levels/,
    'messages.html',
  );
});
