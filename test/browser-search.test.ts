// Search in a real Chromium over a real `vigie serve` and ONE small demo case: an accent-free query finds an
// accented message (highlighted with <mark>, no serious accessibility violation), and "open in chat" shows the
// message in its chat context, marked; hostile text in the box is shown back as text.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, seriousViolations, signIn, type WatchedPage } from './helpers/browser.js';
import { startWorkbench, type Workbench } from './helpers/workbench.js';

let wb: Workbench;
let browser: Browser;
let analyst: WatchedPage;

describe('search in the browser', { timeout: 600_000 }, () => {
  before(async () => {
    [wb, browser] = await Promise.all([startWorkbench(), launchBrowser()]);
    analyst = await openPage(browser, wb.url);
    await signIn(analyst.page, wb.analyst.name, wb.analyst.password);
    analyst.consoleErrors.length = 0;
  });
  after(async () => {
    await browser?.close();
    await wb?.stop();
  });

  test('an accent-free query finds the accented message and opens it in the chat', async () => {
    const { page } = analyst;
    await page.goto(`/cases/${wb.caseName}`);
    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('Words').fill('mexico');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForSelector('[data-view-ready="search"]');
    const marks = await page.locator('.search-hit mark').allTextContents();
    assert.ok(marks.length > 0, 'hits are marked');
    assert.ok(
      marks.some((m) => m === 'México'),
      `the accented word is highlighted: ${marks.join(', ')}`,
    );
    assert.deepEqual(await seriousViolations(page), [], 'axe on the search view');
    const hit = page.locator('.search-hit', { has: page.locator('mark', { hasText: 'México' }) }).first();
    const excerpt = (await hit.locator('.excerpt').textContent()) ?? '';
    await hit.getByRole('link', { name: 'Open in chat' }).click();
    await page.waitForSelector('[data-view-ready="chat"]');
    const current = page.locator('.chat-msg[aria-current="true"]');
    assert.equal(await current.count(), 1, 'the hit is marked in its chat');
    const text = (await current.locator('p').textContent()) ?? '';
    assert.ok(text.includes('México'), `the marked message is the hit: ${text} / ${excerpt}`);
    assert.ok(
      excerpt.trim().length > 0 && text.includes(excerpt.replace(/…/g, '').trim().split(' ')[0] ?? ''),
    );
    assert.deepEqual(await seriousViolations(page), [], 'axe on the chat context');
    assert.deepEqual(analyst.consoleErrors, []);
  });

  test('hostile query text is shown back as text, never as markup', async () => {
    const { page } = analyst;
    const q = '<img src=x onerror=alert(1)> "unclosed';
    await page.goto(`/cases/${wb.caseName}/search?q=${encodeURIComponent(q)}`);
    await page.waitForSelector('[role="alert"]');
    assert.match((await page.locator('[role="alert"]').textContent()) ?? '', /quote not closed/);
    assert.equal(await page.locator('img[src="x"]').count(), 0);
  });
});
