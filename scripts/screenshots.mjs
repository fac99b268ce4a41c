#!/usr/bin/env node
// Screenshots of every workbench view for docs/workbench.md, from a running `vigie serve` (Debian's Chromium).
// Usage: node scripts/screenshots.mjs URL USER PASSWORD CASE [OUT=docs/img] [SUPERVISOR PASSWORD]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';

const [base, user, password, caseName, out = 'docs/img'] = process.argv.slice(2);
if (!base || !user || !password || !caseName) {
  process.stderr.write('usage: node scripts/screenshots.mjs URL USER PASSWORD CASE [OUT]\n');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
/** Sign in in a new context of `locale` and return its page. */
async function session(locale) {
  const ctx = await browser.newContext({
    baseURL: base,
    locale,
    timezoneId: 'Europe/Paris',
    viewport: { width: 1360, height: 860 },
  });
  const page = await ctx.newPage();
  page.on('console', (m) => m.type() === 'error' && process.stderr.write(`console: ${m.text()}\n`));
  await page.goto('/');
  await page.screenshot({ path: join(out, locale === 'fr-FR' ? 'signin-fr.png' : 'signin.png') });
  await page.locator('input[name=username]').fill(user);
  await page.locator('input[name=password]').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForSelector('[data-view-ready="cases"]');
  return page;
}
const shot = async (page, path, ready, name) => {
  await page.goto(path);
  await page.waitForSelector(`[data-view-ready="${ready}"]`);
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(out, `${name}.png`) });
  process.stdout.write(`${join(out, `${name}.png`)}\n`);
};
const c = `/cases/${encodeURIComponent(caseName)}`;
const page = await session('en-GB');
await shot(page, '/', 'cases', 'cases');
await shot(page, c, 'dashboard', 'dashboard');
await shot(page, `${c}/new`, 'new', 'new-content');
await shot(page, `${c}/media?status=new`, 'media', 'media');
// Keyboard: move, select the cluster (the screenshot shows the selection and the legend).
await page.getByRole('listbox').focus();
await page.keyboard.press('ArrowRight');
await page.keyboard.press('c');
await page.screenshot({ path: join(out, 'media-keyboard.png') });
await page.keyboard.press('Enter');
await page.waitForSelector('[data-view-ready="detail"]');
await page.waitForLoadState('networkidle');
await page.screenshot({ path: join(out, 'media-detail.png') });
await shot(page, `${c}/targets`, 'targets', 'targets');
await page.locator('tbody button[aria-expanded]').first().click();
await page.screenshot({ path: join(out, 'targets-open.png') });
await shot(page, `${c}/jobs`, 'jobs', 'jobs');
// The network (sigma.js, the search's actor focused) and the countries (world map, a country opened).
await shot(page, `${c}/network`, 'network', 'network');
const top = await page.evaluate(
  `fetch('/api/v1${c}/network').then((r) => r.json()).then((v) => v.nodes.sort((a, b) => b[3] - a[3])[0][0])`,
);
await page.getByRole('searchbox').fill(top);
await page.getByRole('searchbox').press('Enter');
await page.waitForSelector('.network-canvas[data-focused]');
await page.waitForSelector('aside.actor-panel dl');
await page.screenshot({ path: join(out, 'network-focus.png') });
await shot(page, `${c}/countries`, 'countries', 'countries');
await page.locator('table.countries tbody button').first().click();
await page.waitForSelector('section[data-country] tbody tr');
await page.screenshot({ path: join(out, 'countries-open.png'), fullPage: true });
// Issue 15: the best-ranked target's actor page, the spread of its first cluster, the audit view (a supervisor).
const best = await (await page.request.get(`/api/v1${c}/targets?limit=1`)).json();
const actor = best.items?.[0]?.actor;
if (actor) {
  await shot(page, `${c}/actors/${encodeURIComponent(actor)}`, 'actor', 'actor');
  const profile = await (
    await page.request.get(`/api/v1${c}/actors/${encodeURIComponent(actor)}/profile`)
  ).json();
  const cluster = profile.clusters?.[0]?.id;
  if (cluster) await shot(page, `${c}/clusters/${encodeURIComponent(cluster)}`, 'cluster', 'cluster-spread');
}
if ((await page.request.get(`/api/v1${c}/audit?limit=1`)).ok())
  await shot(page, `${c}/audit`, 'audit', 'audit');
// The chats list, the chat reader at a search hit, and a referral package built from the targets view.
await shot(page, `${c}/chats`, 'chats', 'chats');
await page.goto(`${c}/search?q=good`);
await page.waitForSelector('[data-view-ready="search"]');
await page.waitForLoadState('networkidle');
await page.screenshot({ path: join(out, 'search.png') });
await page.getByRole('link', { name: 'Open in chat' }).first().click();
await page.waitForSelector('[data-view-ready="chat"]');
await page.waitForLoadState('networkidle');
await page.screenshot({ path: join(out, 'chat-reader.png') });
await page.goto(`${c}/targets`);
await page.waitForSelector('[data-view-ready="targets"]');
const pick = page.locator('tbody input[type=checkbox]').first();
if (await pick.count()) {
  await pick.check();
  await page.getByRole('button', { name: 'Build referral package' }).click();
  await page
    .locator('.referral a[download], .referral [role=status]:has-text("Error")')
    .first()
    .waitFor({ timeout: 120_000 });
}
await page.locator('.referral').scrollIntoViewIfNeeded();
await page.screenshot({ path: join(out, 'referral.png') });
const fr = await session('fr-FR');
await shot(fr, c, 'dashboard', 'dashboard-fr');
await browser.close();
