// The workbench in a real Chromium over a real `vigie serve` and ONE small demo case: sign-in, every view with
// axe-core, keyboard categorisation of a cluster, an audited reveal, target decisions by role, a job with
// progress, French, the PostgreSQL twin of the case, the media grid filtered by the server, new content's clusters.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { openCase } from '../src/app/context.js';
import { launchBrowser, openPage, seriousViolations, signIn, type WatchedPage } from './helpers/browser.js';
import { startWorkbench, type Workbench } from './helpers/workbench.js';

let wb: Workbench;
let browser: Browser;
let analyst: WatchedPage;

/** The audit events of the case whose command matches. */
async function auditEvents(re: RegExp): Promise<{ user: string; command: string; details: string }[]> {
  const ctx = await openCase(wb.caseDir, { readonly: true });
  try {
    return (await ctx.store.audit.list()).filter((e) => re.test(e.command));
  } finally {
    await ctx.close();
  }
}

describe('workbench in the browser', { timeout: 600_000 }, () => {
  before(async () => {
    [wb, browser] = await Promise.all([startWorkbench({ postgres: true }), launchBrowser()]);
    analyst = await openPage(browser, wb.url);
    await signIn(analyst.page, wb.analyst.name, wb.analyst.password);
    // Before sign-in the app asks who is signed in and gets the expected 401, which Chromium logs as an error.
    analyst.consoleErrors.length = 0;
  });
  after(async () => {
    await browser?.close();
    await wb?.stop();
  });

  test('every view renders its data with no serious accessibility violation, no console error, nothing off-origin', async () => {
    const { page } = analyst;
    const base = `/cases/${wb.caseName}`;
    const views: [string, string][] = [
      ['/', 'cases'],
      [base, 'dashboard'],
      [`${base}/new`, 'new'],
      [`${base}/media?status=new`, 'media'],
      [`${base}/targets`, 'targets'],
      [`${base}/jobs`, 'jobs'],
    ];
    for (const [path, view] of views) {
      await page.goto(path);
      await page.waitForSelector(`[data-view-ready="${view}"]`);
      assert.deepEqual(await seriousViolations(page), [], `axe on ${path}`);
    }
    // The detail panel too.
    await page.goto(`${base}/media?status=new`);
    await page.waitForSelector('[role="option"]');
    await page.locator('[role="option"]').first().dblclick();
    await page.waitForSelector('[data-view-ready="detail"]');
    assert.deepEqual(await seriousViolations(page), [], 'axe on the detail panel');
    assert.deepEqual(analyst.consoleErrors, []);
    assert.deepEqual(analyst.offOrigin, []);
  });

  test(
    'the PostgreSQL twin of the case shows the same dashboard (before any decision)',
    { skip: !process.env['VIGIE_TEST_PG'] },
    async () => {
      const { page } = analyst;
      const read = async (name: string) => {
        await page.goto(`/cases/${name}`);
        await page.waitForSelector('[data-view-ready="dashboard"]');
        return page.locator('.counts').textContent();
      };
      assert.equal(await read(wb.pgCaseName ?? ''), await read(wb.caseName));
    },
  );

  test('images reach the grid only as thumbnails', async () => {
    const { page } = analyst;
    await page.goto(`/cases/${wb.caseName}/media`);
    await page.waitForSelector('[role="option"] img');
    const srcs = await page
      .locator('[role="option"] img')
      .evaluateAll((els) => els.map((e) => e.getAttribute('src')));
    assert.ok(srcs.length > 0);
    for (const s of srcs) assert.match(s ?? '', /\/media\/[0-9a-f]{64}\/thumbnail$/);
  });

  test('an analyst categorises a whole cluster with the keyboard, audited as the analyst', async () => {
    const { page } = analyst;
    await page.goto(`/cases/${wb.caseName}/media?status=new`);
    const grid = page.getByRole('listbox');
    await grid.waitFor();
    await page.locator('[role="option"]').first().waitFor(); // the page's media, not only the empty grid
    await grid.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('c');
    const selected = await page.locator('[role="option"][aria-selected="true"]').count();
    assert.ok(selected >= 1, 'the cluster is selected');
    const key2 = page.locator('.legend li', { has: page.locator('kbd', { hasText: /^2$/ }) });
    const label = ((await key2.textContent()) ?? '').replace(/^\s*2\s*/, '').trim();
    await page.keyboard.press('2');
    await page.locator('[role="option"][aria-selected="true"] .badge.cat').first().waitFor();
    const badges = await page.locator('[role="option"][aria-selected="true"] .badge.cat').allTextContents();
    assert.equal(badges.length, selected);
    for (const b of badges) assert.equal(b, label);
    const events = await auditEvents(/categor|decision/i);
    assert.ok(events.length >= 1, 'the categorisation is in the audit trail');
    assert.equal(events.at(-1)?.user, wb.analyst.name);
  });

  test('a reveal needs a reason, shows the file greyscale then in colour, hides it on leaving, and is audited', async () => {
    const { page } = analyst;
    await page.goto(`/cases/${wb.caseName}/media?status=new`);
    await page.locator('[role="option"]').first().dblclick();
    await page.waitForSelector('[data-view-ready="detail"]');
    await page.getByRole('button', { name: 'Reveal…' }).click();
    await page
      .getByLabel('Why do you need to see this file?')
      .fill('check whether the file shows the same room');
    await page.getByRole('button', { name: 'Reveal (audited)' }).click();
    const img = page.locator('.revealed img');
    await img.waitFor();
    assert.equal(await img.getAttribute('class'), 'grey');
    await page.getByRole('button', { name: 'Show in colour' }).click();
    assert.equal(await img.getAttribute('class'), 'colour');
    await page.getByRole('link', { name: 'Targets' }).click();
    await page.goBack();
    await page.waitForSelector('[data-view-ready="detail"]');
    assert.equal(await page.locator('.revealed img').count(), 0, 'hidden again after leaving');
    await page.getByText('Your reveals today: 1').waitFor();
    const events = await auditEvents(/reveal/i);
    assert.ok(events.length >= 1, 'the reveal is in the audit trail');
    assert.equal(events.at(-1)?.user, wb.analyst.name);
    assert.match(events.at(-1)?.details ?? '', /same room/);
  });

  test('a supervisor accepts a target with a reason; an analyst sees the form disabled and the API refuses', async () => {
    const sup = await openPage(browser, wb.url);
    try {
      await signIn(sup.page, wb.supervisor.name, wb.supervisor.password);
      await sup.page.goto(`/cases/${wb.caseName}/targets`);
      await sup.page.waitForSelector('[data-view-ready="targets"]');
      await sup.page.locator('tbody button[aria-expanded]').first().click();
      await sup.page.getByLabel('Reason').fill('first poster of new material, home jurisdiction');
      await sup.page.getByRole('button', { name: 'Accept' }).click();
      await sup.page.getByText('Decision recorded: Accept.').waitFor();
      const events = await auditEvents(/target/i);
      assert.equal(events.at(-1)?.user, wb.supervisor.name);
    } finally {
      await sup.close();
    }
    const { page } = analyst;
    await page.goto(`/cases/${wb.caseName}/targets`);
    await page.waitForSelector('[data-view-ready="targets"]');
    const actor = (await page.locator('tbody button[aria-expanded]').first().textContent()) ?? '';
    await page.locator('tbody button[aria-expanded]').first().click();
    assert.ok(await page.getByRole('button', { name: 'Accept' }).isDisabled());
    await page.getByText('Only supervisors decide targets.').waitFor();
    const status = await page.evaluate(
      async ([c, a]) =>
        (
          await fetch(`/api/v1/cases/${c}/targets/${encodeURIComponent(a ?? '')}/decision`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ decision: 'reject', reason: 'analyst tries' }),
          })
        ).status,
      [wb.caseName, actor] as const,
    );
    assert.equal(status, 403);
  });

  test('a job started from the browser shows its progress to the end', async () => {
    const { page } = analyst;
    await page.goto(`/cases/${wb.caseName}/jobs`);
    await page.waitForSelector('[data-view-ready="jobs"]');
    await page.locator('select[name=kind]').selectOption('analyse');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.waitForSelector('.job[data-job-state="done"], .job[data-job-state="succeeded"]', {
      timeout: 120_000,
    });
    const p = page.locator('.job progress').first();
    assert.equal(await p.getAttribute('value'), await p.getAttribute('max'));
  });

  test("the media grid filters by chat on the server: only that chat's media, and the filter is in the linkable URL", async () => {
    const { page } = analyst;
    await page.goto(`/cases/${wb.caseName}/media`);
    await page.waitForSelector('[role="option"]');
    const select = page.getByRole('combobox', { name: /^Chat\b/ });
    await select.locator('option').nth(1).waitFor({ state: 'attached' });
    const chat = (await select.locator('option').nth(1).getAttribute('value')) ?? '';
    const answered = page.waitForResponse((r) => /\/media\?.*chat=/.test(r.url()));
    await select.selectOption(chat);
    const want = ((await (await answered).json()) as { items: { sha256: string }[] }).items.map(
      (m) => m.sha256,
    );
    assert.ok(want.length > 0);
    assert.equal(new URL(page.url()).searchParams.get('chat'), chat);
    // Shown once every option on screen is one of the server's filtered page (the unfiltered grid is replaced).
    const shown = async (): Promise<string[]> => {
      const w = new Set(want);
      for (let i = 0; ; i++) {
        const on = await page
          .locator('[role="option"]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-sha') ?? ''));
        if (on.length && on.every((x) => w.has(x))) return on;
        assert.ok(i < 300, 'the grid shows the filtered page');
        await page.waitForTimeout(100);
      }
    };
    const first = await shown();
    assert.deepEqual(first, want.slice(0, first.length));
    const chatsOf = await page.evaluate(
      async ({ u, shas }) =>
        Promise.all(
          shas.map(async (s) =>
            (
              (await (await fetch(`${u}/${s}`)).json()) as { occurrenceList: { chat_id: string }[] }
            ).occurrenceList.map((o) => o.chat_id),
          ),
        ),
      { u: `/api/v1/cases/${wb.caseName}/media`, shas: first },
    );
    for (const c of chatsOf) assert.ok(c.includes(chat), `every media shown occurs in ${chat}`);
    await page.goto(page.url());
    assert.deepEqual(await shown(), first, 'the linked URL shows the same filtered grid');
  });

  test('new content shows the clusters of the clusters route, most spread first', async () => {
    const { page } = analyst;
    const answered = page.waitForResponse((r) => /\/clusters\?/.test(r.url()));
    await page.goto(`/cases/${wb.caseName}/new`);
    const body = (await (await answered).json()) as { items: { id: string }[] };
    await page.waitForSelector('[data-view-ready="new"]');
    const rows = await page
      .locator('tr[data-cluster]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-cluster')));
    assert.ok(rows.length > 0);
    assert.deepEqual(
      rows,
      body.items.map((c) => c.id),
    );
  });

  test('French: every label switches, dates follow the browser time zone', async () => {
    const fr = await openPage(browser, wb.url, { locale: 'fr-FR', timezoneId: 'America/Montreal' });
    try {
      const { page } = fr;
      await page.goto('/');
      await page.getByLabel('Identifiant').fill(wb.analyst.name);
      await page.getByLabel('Mot de passe').fill(wb.analyst.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForSelector('[data-view-ready="cases"]');
      await page.getByRole('heading', { name: 'Vos affaires' }).waitFor();
      assert.equal(await page.getAttribute('html', 'lang'), 'fr');
      await page.goto(`/cases/${wb.caseName}/media?status=new`);
      await page.locator('[role="option"]').first().dblclick();
      await page.waitForSelector('[data-view-ready="detail"]');
      const sha = (await page.locator('[role="option"]').first().getAttribute('data-sha')) ?? '';
      // Formatted in the page with the zone named, and in UTC: the view must show the first, which differs.
      const [shown, utc] = await page.evaluate(async (u) => {
        const { firstSeen } = (await (await fetch(u)).json()) as { firstSeen: string };
        // No named function in here: tsx would wrap it in a helper the page does not have.
        return ['America/Montreal', 'UTC'].map((timeZone) =>
          new Intl.DateTimeFormat('fr', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
            new Date(firstSeen),
          ),
        );
      }, `/api/v1/cases/${wb.caseName}/media/${sha}`);
      assert.notEqual(shown, utc);
      await page.getByText(`Vu pour la première fois : ${shown}`).waitFor();
      await page.getByLabel('Langue').selectOption('en');
      await page.getByRole('heading', { name: 'Media', exact: true }).waitFor();
    } finally {
      await fr.close();
    }
  });
});
