// The workbench in the browser: time from navigation to each view's first page of data rendered (its
// `data-view-ready` marker), p50/p95 over several runs, in Debian's Chromium against a real `vigie serve`.
// VIGIE_BENCH_WORKBENCH_DIR=<folder written by `vigie demo`> serves that one (e.g. `vigie demo --scale medium
// --out /tmp/medium --no-serve`); otherwise a small case is generated. Budget: ≤ 1 s per view.
import { cpus, loadavg } from 'node:os';
import { launchBrowser, openPage, signIn } from '../test/helpers/browser.js';
import { startWorkbench } from '../test/helpers/workbench.js';

const RUNS = Number(process.env['VIGIE_BENCH_WORKBENCH_RUNS'] ?? 7);
const BUDGET_MS = 1000;

/** The q-quantile (nearest rank) of sorted numbers. */
function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

const dir = process.env['VIGIE_BENCH_WORKBENCH_DIR'];
const wb = await startWorkbench(dir ? { demoDir: dir } : {});
const browser = await launchBrowser();
try {
  const { page } = await openPage(browser, wb.url);
  await signIn(page, wb.analyst.name, wb.analyst.password);
  const c = `/cases/${wb.caseName}`;
  // The busiest chat, for the media grid filtered by the server.
  const chat = await page.evaluate(async (p) => {
    const r = (await (await fetch(`/api/v1${p}/chats?limit=1000`)).json()) as {
      items: { id: string; messages: number }[];
    };
    return r.items.sort((a, b) => b.messages - a.messages)[0]?.id ?? '';
  }, c);
  const views: [string, string, string][] = [
    ['cases', '/', 'cases'],
    ['dashboard', c, 'dashboard'],
    ['new content', `${c}/new`, 'new'],
    ['media (status=new)', `${c}/media?status=new`, 'media'],
    ['media (status=new, one chat)', `${c}/media?status=new&chat=${encodeURIComponent(chat)}`, 'media'],
    ['media detail', `${c}/media?status=new`, 'detail'],
    ['targets', `${c}/targets`, 'targets'],
    ['jobs', `${c}/jobs`, 'jobs'],
  ];
  const stats = await page.evaluate(async (p) => (await fetch(`/api/v1${p}/stats`)).json(), c);
  console.log('## Workbench in the browser (`bench/workbench.bench.ts`)\n');
  console.log(
    `\`${dir ? `VIGIE_BENCH_WORKBENCH_DIR=${dir} ` : ''}npm run bench -- workbench\`, ${new Date().toISOString().slice(0, 10)}, ` +
      `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Chromium ${browser.version()}; case: ${JSON.stringify(stats)}; ` +
      `${RUNS} runs per view (first one warm-up, not counted); time from navigation to the view's data rendered; ` +
      `load average at the start: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}.\n`,
  );
  console.log('| view | p50 ms | p95 ms | max ms | ≤ 1 s |\n|---|---|---|---|---|');
  for (const [name, path, ready] of views) {
    const times: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now();
      await page.goto(path);
      if (ready === 'detail') {
        await page.locator('[role="option"]').first().dblclick();
      }
      await page.waitForSelector(`[data-view-ready="${ready}"]`);
      if (i > 0) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const p95 = quantile(times, 0.95);
    console.log(
      `| ${name} | ${quantile(times, 0.5).toFixed(0)} | ${p95.toFixed(0)} | ${(times.at(-1) ?? 0).toFixed(0)} | ${p95 <= BUDGET_MS ? 'yes' : 'no'} |`,
    );
  }
  console.log(
    `\nLoad average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}.\n`,
  );
} finally {
  await browser.close();
  await wb.stop();
}
