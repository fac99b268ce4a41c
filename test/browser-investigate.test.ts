// The investigation views in a real Chromium over a real `vigie serve` and ONE small demo case: the actor page and
// its ledger whose message items open the chat at that message, the spread of a cluster, a CSV export whose formula
// cell is neutralised (a tiny hand-made export imported for it), the audit view with its filters and verify, the
// badge of an own undercover account on its actor page (never a target); axe-core finds no serious violation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { runCli } from './helpers/cli.js';
import { launchBrowser, openPage, seriousViolations, signIn, type WatchedPage } from './helpers/browser.js';
import { startWorkbench, type Workbench } from './helpers/workbench.js';
import { msg, writeExport } from './import-factory.js';
import type { ActorProfileView } from '../src/contracts/investigation.js';

let wb: Workbench;
let browser: Browser;
let sup: WatchedPage;

describe('investigation views in the browser', { timeout: 600_000 }, () => {
  before(async () => {
    [wb, browser] = await Promise.all([startWorkbench(), launchBrowser()]);
    const t0 = Date.parse('2026-10-01T10:00:00Z') / 1000;
    const dir = writeExport(join(mkdtempSync(join(tmpdir(), 'vigie-formula-')), 'export'), {
      name: 'Formula Test Group',
      type: 'private_supergroup',
      id: 4242,
      messages: [msg(1, t0, '=HYPERLINK("http://example.invalid","x")', 'user4242424242', 'zanzibar ahoy')],
    });
    const r = await runCli(['--case', wb.caseDir, 'import', dir, '--account', 'UC-T']);
    assert.equal(r.code, 0, r.stderr);
    sup = await openPage(browser, wb.url);
    await signIn(sup.page, wb.supervisor.name, wb.supervisor.password);
    sup.consoleErrors.length = 0; // the expected 401 before sign-in
  });
  after(async () => {
    await browser?.close();
    await wb?.stop();
  });

  const base = () => `/cases/${wb.caseName}`;

  /** The profile of the best-ranked actor whose ledger names a message (through the API, as the page reads it). */
  async function profileWithMessage(): Promise<ActorProfileView> {
    const t = await sup.page.request.get(`/api/v1${base()}/targets?limit=10`);
    const items = ((await t.json()) as { items: { actor: string }[] }).items;
    for (const { actor } of items) {
      const r = await sup.page.request.get(`/api/v1${base()}/actors/${encodeURIComponent(actor)}/profile`);
      const p = (await r.json()) as ActorProfileView;
      if (p.ledger.some((l) => l.source.kind === 'message') && p.clusters.length > 0) return p;
    }
    throw new Error('no ranked actor with a ledger message and a cluster');
  }

  test('the actor page shows the ledger; a message item opens the chat at that message', async () => {
    const { page } = sup;
    const p = await profileWithMessage();
    await page.goto(`${base()}/actors/${encodeURIComponent(p.actor.id)}`);
    await page.waitForSelector('[data-view-ready="actor"]');
    assert.deepEqual(await seriousViolations(page), [], 'axe on the actor page');
    const rows = page.locator('table.ledger tbody tr');
    assert.equal(await rows.count(), p.ledger.length);
    // The heatmap toggles to the attributed zone when there is one.
    if (p.heatmap.zone) {
      await page.getByRole('radio', { name: p.heatmap.zone }).check();
      await page.waitForSelector(`caption:has-text("${p.heatmap.zone}")`, { state: 'attached' });
    }
    const item = p.ledger.find((l) => l.source.kind === 'message')!;
    const src = item.source as { chat: string; message: number };
    const link = page.locator(`a.ledger-message[href*="around=${src.message}"]`).first();
    assert.equal(
      await link.getAttribute('href'),
      `${base()}/chats/${encodeURIComponent(src.chat)}?around=${src.message}`,
    );
    await link.click();
    await page.waitForURL((u) => u.pathname === `${base()}/chats/${encodeURIComponent(src.chat)}`);
    assert.equal(new URL(page.url()).searchParams.get('around'), String(src.message));
    await page.waitForSelector('[data-view-ready="chat"]');
    assert.deepEqual(sup.consoleErrors, []);
  });

  test('the spread of a cluster: every post in time order, the first marked, variants as thumbnails', async () => {
    const { page } = sup;
    const p = await profileWithMessage();
    const c = p.clusters[0]!;
    await page.goto(`${base()}/actors/${encodeURIComponent(p.actor.id)}`);
    await page.waitForSelector('[data-view-ready="actor"]');
    await page.getByRole('link', { name: c.id }).click();
    await page.waitForSelector('[data-view-ready="cluster"]');
    assert.equal(await page.locator('ol.spread > li').count(), c.occurrences);
    assert.equal(await page.locator('ol.spread > li.first-post').count(), 1);
    assert.equal(await page.locator('ol.spread > li').first().getAttribute('class'), 'first-post');
    const srcs = await page
      .locator('.variants img')
      .evaluateAll((els) => els.map((e) => e.getAttribute('src')));
    assert.equal(srcs.length, c.members);
    for (const s of srcs) assert.match(s ?? '', /\/media\/[0-9a-f]{64}\/thumbnail$/);
    assert.deepEqual(await seriousViolations(page), [], 'axe on the spread');
  });

  test('an own undercover account: its actor page shows the badge; it is never among the targets', async () => {
    const { page } = sup;
    const actors: Array<{ id: string; undercover: boolean }> = [];
    for (let cursor: string | null = ''; cursor !== null;) {
      const r = await page.request.get(
        `/api/v1${base()}/actors?limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const body = (await r.json()) as { items: typeof actors; nextCursor: string | null };
      actors.push(...body.items);
      cursor = body.nextCursor;
    }
    const own = actors.find((a) => a.undercover);
    assert.ok(own, 'the demo case knows its collecting accounts');
    await page.goto(`${base()}/actors/${encodeURIComponent(own.id)}`);
    await page.waitForSelector('[data-view-ready="actor"]');
    const badge = page.locator('.actor-page .undercover-badge').first();
    assert.equal((await badge.textContent())?.trim(), 'own undercover account');
    assert.ok(await badge.isVisible());
    assert.deepEqual(await seriousViolations(page), [], 'axe on the actor page with the badge');
    const t = await page.request.get(`/api/v1${base()}/targets?limit=1000`);
    const ranked = ((await t.json()) as { items: { actor: string }[] }).items.map((x) => x.actor);
    assert.ok(ranked.length > 0 && !ranked.includes(own.id), 'never a target');
    assert.deepEqual(sup.consoleErrors, []);
  });

  test('a CSV export of search hits is a download whose formula cell is neutralised, and an audit event', async () => {
    const { page } = sup;
    await page.goto(`${base()}/search?q=zanzibar`);
    await page.getByRole('link', { name: 'Export CSV' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'case-search.csv');
    const text = readFileSync((await download.path())!, 'utf8');
    const lines = text.trim().split('\r\n');
    assert.equal(lines.length, 2, text);
    assert.ok(lines[1]!.includes(`,"'=HYPERLINK(""http://example.invalid"",""x"")",`), lines[1]);
  });

  test('the audit view lists events, filters by action, and runs verify: OK', async () => {
    const { page } = sup;
    await page.goto(`${base()}/audit`);
    await page.waitForSelector('[data-view-ready="audit"]');
    assert.ok((await page.locator('table.audit tbody tr').count()) > 3);
    assert.deepEqual(await seriousViolations(page), [], 'axe on the audit view');
    await page.getByLabel('Action').selectOption('export');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
        ).document.querySelectorAll('table.audit tbody tr').length === 1,
    );
    assert.equal(
      await page.locator('table.audit tbody tr td:nth-child(3)').textContent(),
      wb.supervisor.name,
    );
    await page.getByRole('button', { name: 'Run verify (read-only)' }).click();
    await page.waitForSelector('[data-verify]', { timeout: 120_000 });
    assert.equal(await page.locator('[data-verify]').getAttribute('data-verify'), 'ok');
    assert.deepEqual(sup.consoleErrors, []);
    assert.deepEqual(sup.offOrigin, []);
  });
});
