// The chat reader and the referral download in a real Chromium over a real `vigie serve --signing-key` and a copy of
// the shared small demo case: an accent-free search opens the accented message in the reader, marked; scrolling up
// loads earlier messages from the server; the chats list opens a chat; a liaison officer selects an accepted
// target, builds a package and downloads it (a zip `vigie verify` accepts); axe finds no serious violation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, seriousViolations, signIn, type WatchedPage } from './helpers/browser.js';
import { startWorkbench, type Workbench } from './helpers/workbench.js';
import { copyOfBuiltCase } from './helpers/built-case.js';
import { runCli } from './helpers/cli.js';

let wb: Workbench;
let browser: Browser;
let analyst: WatchedPage;
/** An accented word of a message, and the biggest chat with its last message id. */
let word = '';
let bigChat = { id: '', last: 0 };
let accepted = '';

/** Run the CLI and fail loudly. */
async function must(args: string[], input?: string): Promise<string> {
  const r = await runCli(args, {}, input);
  assert.equal(r.code, 0, `vigie ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe('the chat reader and the referral download in the browser', { timeout: 900_000 }, () => {
  before(async () => {
    const [{ out }] = await Promise.all([
      copyOfBuiltCase('demo-small', 'sqlite'),
      must(['keys', 'create', '--name', 'UNIT-B']),
    ]);
    const caseDir = join(out, 'case');
    const db = new Database(join(caseDir, 'case.sqlite'), { readonly: true });
    const texts = db.prepare(`SELECT text FROM message WHERE text <> ''`).all() as { text: string }[];
    word = texts.flatMap((t) => t.text.match(/\p{L}*[À-ÿ]\p{L}*/gu) ?? []).find((w) => w.length >= 5) ?? '';
    const big = db
      .prepare(
        'SELECT chat_id AS id, max(message_id) AS last FROM message GROUP BY chat_id ORDER BY count(*) DESC',
      )
      .get() as { id: string; last: number };
    db.close();
    assert.ok(word, 'the demo case has an accented word');
    bigChat = big;
    const targets = JSON.parse(await must(['--case', caseDir, '--json', 'targets'])) as {
      actor: string;
      attribution: { country: string | null } | null;
    }[];
    accepted = targets.find((t) => t.attribution?.country)!.actor;
    await must(['--case', caseDir, 'target', accepted, '--decide', 'accept', '--reason', 'browser test']);
    [wb, browser] = await Promise.all([
      startWorkbench({ demoDir: out, serveArgs: ['--signing-key', 'UNIT-B'] }),
      launchBrowser(),
    ]);
    await must(
      ['users', 'add', 'lia', '--role', 'liaison', '--cases', out, '--password-stdin'],
      'liaison-pass-1234\n',
    );
    await must(['users', 'grant', 'lia', wb.caseName, '--cases', out]);
    analyst = await openPage(browser, wb.url);
    await signIn(analyst.page, wb.analyst.name, wb.analyst.password);
    analyst.consoleErrors.length = 0;
  });
  after(async () => {
    await browser?.close();
    await wb?.stop();
  });

  test('an accent-free search opens the message in the chat reader, highlighted', async () => {
    const { page } = analyst;
    const plain = word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    await page.goto(`/cases/${wb.caseName}/search?q=${encodeURIComponent(plain)}`);
    await page.waitForSelector('[data-view-ready="search"]');
    const hit = page.locator('.search-hit', { has: page.locator('mark', { hasText: word }) }).first();
    await hit.getByRole('link', { name: 'Open in chat' }).click();
    await page.waitForSelector('[data-view-ready="chat"]');
    const current = page.locator('.chat-msg[aria-current="true"]');
    assert.equal(await current.count(), 1, 'the hit is marked in the reader');
    assert.match((await current.getAttribute('class')) ?? '', /\bhit\b/);
    assert.ok(
      ((await current.locator('p').textContent()) ?? '').includes(word),
      'the marked message is the hit',
    );
    assert.ok(await current.isVisible(), 'scrolled into view');
    assert.deepEqual(await seriousViolations(page), [], 'axe on the chat reader');
    assert.deepEqual(analyst.consoleErrors, []);
    assert.deepEqual(analyst.offOrigin, []);
  });

  test('the chats list opens a chat; scrolling up loads earlier messages from the server', async () => {
    const { page } = analyst;
    await page.goto(`/cases/${wb.caseName}`);
    await page.getByRole('link', { name: 'Chats', exact: true }).click();
    await page.waitForSelector('[data-view-ready="chats"]');
    assert.deepEqual(await seriousViolations(page), [], 'axe on the chats list');
    const first = page.waitForResponse((r) => r.url().includes('/timeline?'));
    await page.locator('table.chats a').first().click();
    await page.waitForSelector('[data-view-ready="chat"]');
    assert.equal((await first).status(), 200);
    const opened = page.waitForResponse((r) => r.url().includes(`/timeline?around=${bigChat.last}`));
    await page.goto(`/cases/${wb.caseName}/chats/${encodeURIComponent(bigChat.id)}?around=${bigChat.last}`);
    const initial = (await (await opened).json()) as { messages: { id: number }[]; hasBefore: boolean };
    await page.waitForSelector('[data-view-ready="chat"]');
    assert.ok(initial.hasBefore, 'the big chat has more than one page');
    const lowest = initial.messages[0]!.id;
    const earlier = page.waitForResponse((r) => r.url().includes(`/timeline?before=${lowest}`));
    await page.locator('.chat-scroll').evaluate((e) => e.scrollTo(0, 0));
    assert.equal((await earlier).status(), 200);
    // Keep at the top until a message older than the first page is on screen (or give up after 30 s).
    for (let tries = 0; ; tries++) {
      await page.locator('.chat-scroll').evaluate((e) => e.scrollTo(0, 0));
      const ids = await page
        .locator('[data-message]')
        .evaluateAll((es) => es.map((e) => Number(e.getAttribute('data-message'))));
      if (ids.some((id) => id < lowest)) break;
      assert.ok(tries < 150, `no message before #${lowest} came on screen: ${ids.join(', ')}`);
      await page.waitForTimeout(200);
    }
    assert.deepEqual(analyst.consoleErrors, []);
  });

  test('a liaison officer builds a referral package from the targets view and downloads it', async () => {
    const lia = await openPage(browser, wb.url);
    try {
      const { page } = lia;
      await signIn(page, 'lia', 'liaison-pass-1234');
      lia.consoleErrors.length = 0; // the session probe before signing in answers 401
      await page.goto(`/cases/${wb.caseName}/targets`);
      await page.waitForSelector('[data-view-ready="targets"]');
      await page.getByLabel(`Select ${accepted} for a referral package`).check();
      await page.getByRole('button', { name: 'Build referral package' }).click();
      const link = page.getByRole('link', { name: /^Download .*\.zip$/ });
      await link.waitFor({ timeout: 120_000 });
      assert.deepEqual(await seriousViolations(page), [], 'axe on the targets view with the referral form');
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const file = join(mkdtempSync(join(tmpdir(), 'vigie-browser-chat-')), download.suggestedFilename());
      await download.saveAs(file);
      const v = await runCli(['verify', file]);
      assert.equal(v.code, 0, `vigie verify ${file}: ${v.stdout}${v.stderr}`);
      assert.deepEqual(lia.consoleErrors, []);
    } finally {
      await lia.close();
    }
  });
});
