// The network and countries views in a real Chromium over a real `vigie serve` and ONE small demo case: the sigma
// canvas draws, the search box opens an actor, the map shades the demo's countries, axe finds nothing serious.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { openCase } from '../src/app/context.js';
import { listCountries } from '../src/app/list-countries.js';
import { launchBrowser, openPage, seriousViolations, signIn, type WatchedPage } from './helpers/browser.js';
import { startWorkbench, type Workbench } from './helpers/workbench.js';

let wb: Workbench;
let browser: Browser;
let analyst: WatchedPage;

describe('network and countries views in the browser', { timeout: 600_000 }, () => {
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

  test('the network draws on a canvas, the search box opens an actor, axe finds nothing serious', async () => {
    const { page } = analyst;
    await page.goto(`/cases/${wb.caseName}/network`);
    await page.waitForSelector('[data-view-ready="network"]');
    // Some pixel of sigma's canvases is neither transparent nor the white background.
    // (A string: the test is compiled without the DOM library.)
    const coloured = await page.evaluate<number>(`(() => {
      let n = 0;
      for (const c of document.querySelectorAll('.network-canvas canvas')) {
        if (c.width === 0) continue;
        const copy = document.createElement('canvas');
        copy.width = c.width;
        copy.height = c.height;
        const ctx = copy.getContext('2d');
        ctx.drawImage(c, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        for (let i = 0; i < d.length; i += 4)
          if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) n++;
      }
      return n;
    })()`);
    assert.ok(coloured > 100, `coloured pixels on the network canvas: ${coloured}`);
    assert.deepEqual(await seriousViolations(page), [], 'axe on the network view');
    const ctx = await openCase(wb.caseDir, { readonly: true });
    const profiles = await ctx.store.analysis.profiles();
    await ctx.close();
    // The search box focuses the actor with the highest PageRank (the largest node): the panel shows it and the
    // camera centres on it; a click at the canvas's centre then opens its actor page.
    const actor = [...profiles].sort(
      (a, b) => (b.pagerank ?? 0) - (a.pagerank ?? 0) || (a.actorId < b.actorId ? -1 : 1),
    )[0];
    assert.ok(actor, 'the demo case has actors');
    await page.getByRole('searchbox').fill(actor.actorId);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.waitForSelector(`aside[data-actor="${actor.actorId}"] dl`);
    assert.match((await page.locator('aside.actor-panel').textContent()) ?? '', new RegExp(actor.actorId));
    await page.waitForSelector(`.network-canvas[data-focused="${actor.actorId}"]`);
    const box = await page.locator('.network-canvas').boundingBox();
    assert.ok(box);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForURL(`**/cases/${wb.caseName}/actors/${encodeURIComponent(actor.actorId)}`);
    await page.goBack();
    await page.waitForSelector('[data-view-ready="network"]');
    // The GEXF link carries the filters.
    await page.getByLabel('Community').selectOption({ index: 1 });
    await page.waitForSelector('[data-view-ready="network"]');
    const href = await page.getByRole('link', { name: 'Export GEXF' }).getAttribute('href');
    assert.match(href ?? '', /\/network\.gexf\?community=\d+$/);
    assert.deepEqual(analyst.consoleErrors, []);
    assert.deepEqual(analyst.offOrigin, []);
  });

  test("the map shades the demo case's countries and a click lists a country's actors", async () => {
    const { page } = analyst;
    const ctx = await openCase(wb.caseDir, { readonly: true });
    const { items } = await listCountries(ctx);
    await ctx.close();
    assert.ok(items.length > 0, 'the demo case attributes countries');
    await page.goto(`/cases/${wb.caseName}/countries`);
    await page.waitForSelector('[data-view-ready="countries"]');
    const shaded = await page
      .locator('svg[data-view-ready="countries"] path')
      .evaluateAll((ps) =>
        ps.filter((p) => Number(p.getAttribute('data-count')) > 0).map((p) => p.getAttribute('data-cc')),
      );
    // Every country with actors that Natural Earth 110m draws is shaded (small islands are not drawn).
    const drawn = await page
      .locator('svg[data-view-ready="countries"] path[data-cc]')
      .evaluateAll((ps) => ps.map((p) => p.getAttribute('data-cc')));
    const expected = items.filter((i) => i.actors > 0 && drawn.includes(i.country)).map((i) => i.country);
    assert.ok(expected.length > 0);
    assert.deepEqual([...new Set(shaded)].sort(), expected.sort());
    assert.deepEqual(await seriousViolations(page), [], 'axe on the countries view');
    const first = expected[0]!;
    await page.locator(`path[data-cc="${first}"]`).first().dispatchEvent('click');
    await page.waitForSelector(`section[data-country="${first}"] tbody tr`);
    // Names come from the bundled English/French names, not the code.
    const heading = (await page.locator(`section[data-country="${first}"] h2`).textContent()) ?? '';
    assert.ok(heading.length > 2 && heading !== first, heading);
    assert.deepEqual(await seriousViolations(page), [], 'axe with a country open');
    // The toggle shades by targets.
    await page.getByRole('radio', { name: 'Targets' }).check();
    const byTargets = await page
      .locator('svg[data-view-ready="countries"] path')
      .evaluateAll((ps) =>
        ps.filter((p) => Number(p.getAttribute('data-count')) > 0).map((p) => p.getAttribute('data-cc')),
      );
    const withTargets = items.filter((i) => i.targets > 0 && drawn.includes(i.country)).map((i) => i.country);
    assert.deepEqual([...new Set(byTargets)].sort(), withTargets.sort());
    assert.deepEqual(analyst.consoleErrors, []);
  });
});
