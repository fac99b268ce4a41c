import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';

export { CHROMIUM };

/** Launch Chromium once per test file, offline-minded flags (the list scripts/screenshots.mjs uses too). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
}

/** A page plus what went wrong in it: console errors (CSP violations included) and requests off the origin. */
export interface WatchedPage {
  readonly page: Page;
  readonly consoleErrors: string[];
  readonly offOrigin: string[];
  close(): Promise<void>;
}

/** A fresh context (own cookies) and page on `base`, in `locale` and `timezoneId`, watched for errors. */
export async function openPage(
  browser: Browser,
  base: string,
  opts: { locale?: string; timezoneId?: string } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    baseURL: base,
    locale: opts.locale ?? 'en-GB',
    timezoneId: opts.timezoneId ?? 'Europe/Paris',
    viewport: { width: 1280, height: 860 },
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const offOrigin: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) offOrigin.push(r.url());
  });
  return { page, consoleErrors, offOrigin, close: () => context.close() };
}

/** Sign in through the form and wait for the case list. */
export async function signIn(page: Page, name: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel(/User name|Identifiant/).fill(name);
  await page.getByLabel(/Password|Mot de passe/).fill(password);
  await page.getByRole('button', { name: /Sign in|Se connecter/ }).click();
  await page.waitForSelector('[data-view-ready="cases"]');
}

const AXE = readFileSync(resolve('node_modules/axe-core/axe.min.js'), 'utf8');

/** One axe-core violation, short. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: string[];
}

/** Run axe-core on the page; the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol (not a <script> tag, which the workbench's CSP would refuse).
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: () => Promise<AxeResults> } }).axe;
    const r = await axe.run();
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The part of axe's results read here. */
interface AxeResults {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}
