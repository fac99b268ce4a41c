// The network view in the browser: server time of the network API, time from navigation to sigma's first frame,
// and frames per second while panning (a requestAnimationFrame counter during a scripted ~3 s mouse drag), in
// Debian's headless Chromium against a real `vigie serve`. Headless Chromium draws WebGL through SwiftShader, on
// the CPU: a desktop with a GPU does better. VIGIE_BENCH_NETWORK_DIR=<folder written by `vigie demo`> serves that
// one (the article case: `cp -a /tmp/article-case /tmp/N-article`); otherwise a small case is generated.
// Budget: ≥ 30 frames per second while panning with ≥ 10,000 actors. The GPU process's CPU time per frame while
// panning (from /proc) is the figure that a loaded machine disturbs least.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { launchBrowser, openPage, signIn } from '../test/helpers/browser.js';
import { startWorkbench } from '../test/helpers/workbench.js';

const RUNS = Number(process.env['VIGIE_BENCH_NETWORK_RUNS'] ?? 3);
const PAN_MS = 3000;
const FPS_BUDGET = 30;

/** CPU ms (user + system, from /proc) of this process's Chromium descendants, by `--type` (gpu-process, renderer…). */
function chromiumCpu(): Map<string, number> {
  const procs = new Map<number, { ppid: number; ms: number; type: string }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const type = /--type=([\w-]+)/.exec(readFileSync(`/proc/${d}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      procs.set(Number(d), { ppid: Number(f[1]), ms: (Number(f[11]) + Number(f[12])) * 10, type });
    } catch {
      // The process ended meanwhile.
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = procs.get(pid)?.ppid ?? 0; p > 1; p = procs.get(p)?.ppid ?? 0)
      if (p === process.pid) return true;
    return false;
  };
  const out = new Map<string, number>();
  for (const [pid, p] of procs) if (mine(pid)) out.set(p.type, (out.get(p.type) ?? 0) + p.ms);
  return out;
}

/** Frames per second (a requestAnimationFrame counter) while the mouse goes round a circle for PAN_MS, button down or not. */
async function framesDuring(
  page: Page,
  cx: number,
  cy: number,
  drag: boolean,
): Promise<{ fps: number; gpuMsPerFrame: number }> {
  // (Strings: the benches are compiled without the DOM library.)
  await page.evaluate(`(() => {
    window.__frames = 0;
    window.__panning = true;
    const tick = () => {
      window.__frames++;
      if (window.__panning) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await page.mouse.move(cx, cy);
  if (drag) await page.mouse.down();
  const cpu0 = chromiumCpu();
  const p0 = performance.now();
  let k = 0;
  while (performance.now() - p0 < PAN_MS) {
    k++;
    await page.mouse.move(cx + 150 * Math.sin(k / 10), cy + 100 * (1 - Math.cos(k / 10)));
  }
  const frames = await page.evaluate<number>('(window.__panning = false, window.__frames)');
  const elapsed = performance.now() - p0;
  const gpuMs = (chromiumCpu().get('gpu-process') ?? 0) - (cpu0.get('gpu-process') ?? 0);
  if (drag) await page.mouse.up();
  return { fps: (frames * 1000) / elapsed, gpuMsPerFrame: gpuMs / Math.max(1, frames) };
}

/** The median of numbers. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? NaN;
}

const dir = process.env['VIGIE_BENCH_NETWORK_DIR'];
const wb = await startWorkbench(dir ? { demoDir: dir } : {});
const browser = await launchBrowser();
try {
  const { page } = await openPage(browser, wb.url);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, wb.analyst.name, wb.analyst.password);
  const path = `/cases/${wb.caseName}/network`;
  const api = `/api/v1/cases/${wb.caseName}/network`;
  const load0 = loadavg()[0]!.toFixed(1);
  // Server time and size of the whole network's answer (as the view asks it).
  const apiTimes: number[] = [];
  let size = { nodes: 0, edges: 0, bytes: 0 };
  for (let i = 0; i <= RUNS; i++) {
    const r = await page.evaluate(async (u) => {
      const t0 = performance.now();
      const res = await fetch(u);
      const text = await res.text();
      const ms = performance.now() - t0;
      const v = JSON.parse(text) as { nodes: unknown[]; edges: unknown[] };
      return { ms, nodes: v.nodes.length, edges: v.edges.length, bytes: text.length };
    }, api);
    if (i > 0) apiTimes.push(r.ms);
    size = { nodes: r.nodes, edges: r.edges, bytes: r.bytes };
  }
  const firstDraw: number[] = [];
  const fps: number[] = [];
  const gpuMs: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    await page.goto(`/cases/${wb.caseName}`);
    await page.waitForSelector('[data-view-ready="dashboard"]');
    const t0 = performance.now();
    await page.goto(path);
    await page.waitForSelector('[data-view-ready="network"]', { timeout: 600_000 });
    // One more animation frame: the first frame is on screen.
    // (Strings: the benches are compiled without the DOM library.)
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => r(null)))');
    const drawn = performance.now() - t0;
    const box = await page.locator('.network-canvas').boundingBox();
    if (!box) throw new Error('no network canvas');
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const before = await page.locator('.network-canvas').screenshot();
    const pan = await framesDuring(page, cx, cy, true);
    const after = await page.locator('.network-canvas').screenshot();
    if (before.equals(after)) throw new Error('the drag did not move the camera');
    if (i > 0) {
      firstDraw.push(drawn);
      fps.push(pan.fps);
      gpuMs.push(pan.gpuMsPerFrame);
      // The same mouse moves over the dashboard (no canvas): what the loaded machine allows at all.
      await page.goto(`/cases/${wb.caseName}`);
      await page.waitForSelector('[data-view-ready="dashboard"]');
      baseline.push((await framesDuring(page, cx, cy, false)).fps);
    }
  }
  const load1 = loadavg()[0]!.toFixed(1);
  const f = median(fps);
  console.log('## Network view in the browser (`bench/network.bench.ts`)\n');
  console.log(
    `\`${dir ? `VIGIE_BENCH_NETWORK_DIR=${dir} ` : ''}npm run bench -- network\`, ${new Date().toISOString().slice(0, 10)}, ` +
      `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Chromium ${browser.version()} headless (WebGL through ` +
      `SwiftShader, on the CPU), viewport 1280 × 900; load average ${load0} → ${load1}; ${RUNS} runs ` +
      `(one warm-up not counted), medians.\n`,
  );
  console.log(
    '| actors | edges | answer | API ms | first draw ms | fps while panning | GPU-process CPU ms per frame | same moves, no canvas | ≥ 30 fps |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${size.nodes} | ${size.edges} | ${(size.bytes / 1e6).toFixed(2)} MB | ${median(apiTimes).toFixed(0)} | ` +
      `${median(firstDraw).toFixed(0)} | ${f.toFixed(1)} (runs: ${fps.map((x) => x.toFixed(1)).join(', ')}) | ` +
      `${median(gpuMs).toFixed(1)} | ` +
      `${median(baseline).toFixed(1)} | ` +
      `${f >= FPS_BUDGET ? 'yes' : 'no'} |`,
  );
  console.log('');
} finally {
  await browser.close();
  await wb.stop();
}
