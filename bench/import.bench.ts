/**
 * Import benchmark: a generated Telegram Desktop export (invented text, no media files) is imported with
 * `importSources` and compared with the floor `JSON.parse(readFileSync(result.json)) + a loop over the messages`
 * on the same file (median of 3 each, every run in a fresh child process). Peak RSS of the import is then
 * measured on a larger file. Sizes: VIGIE_BENCH_IMPORT_MB (ratio, default 64) and VIGIE_BENCH_IMPORT_BIG_MB
 * (memory, default 256; set 1100 for the ≥ 1 GB figure of BENCHMARKS.md). The import runs the built dist/ code, which
 * reads a large source on a worker thread (ADR 0009): wall time is the budget's measure, CPU time is shown beside it.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

/** The built code (`npm run bench` builds first): what `vigie import` runs, worker thread included. */
const DIST = new URL('../dist', import.meta.url).href;
const WORDS =
  'garden pond leaf river stone cloud bread lamp chair window yellow quiet morning tea walk paper'.split(' ');

/** Write a synthetic single-chat export of about `mb` megabytes; returns its folder and message count. */
function generate(dir: string, mb: number): { dir: string; messages: number } {
  mkdirSync(dir, { recursive: true });
  const fd = openSync(join(dir, 'result.json'), 'w');
  writeSync(
    fd,
    '{\n "name": "Bench garden club",\n "type": "private_supergroup",\n "id": 1999000001,\n "messages": [\n',
  );
  let bytes = 0;
  let n = 0;
  let seed = 1;
  const rnd = (k: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % k);
  const parts: string[] = [];
  while (bytes < mb * 1e6) {
    n++;
    const t = 1_700_000_000 + n * 7;
    const user = 1000 + rnd(400);
    const words = Array.from({ length: 4 + rnd(30) }, () => WORDS[rnd(WORDS.length)]).join(' ');
    const text = words;
    const m: Record<string, unknown> = {
      id: n,
      type: 'message',
      date: new Date(t * 1000).toISOString().slice(0, 19),
      date_unixtime: String(t),
    };
    if (n % 50 === 0)
      Object.assign(m, {
        type: 'service',
        actor: `User ${user}`,
        actor_id: `user${user}`,
        action: 'invite_members',
        members: [`Guest ${n}`],
      });
    else {
      Object.assign(m, { from: `User ${user}`, from_id: `user${user}` });
      if (n % 7 === 0) m['reply_to_message_id'] = n - 3;
      if (n % 1000 === 0)
        m['inline_bot_buttons'] = [[{ type: 'callback', text: 'ok', data: '', button_id: 'BIGID' }]];
      if (n % 10 === 0)
        Object.assign(m, {
          photo: '(File not included. Change data exporting settings to download.)',
          width: 1280,
          height: 960,
        });
    }
    const s = JSON.stringify(
      n % 3 === 0
        ? {
            ...m,
            text: [{ type: 'bold', text: 'note' }, ` ${text}`],
            text_entities: [
              { type: 'bold', text: 'note' },
              { type: 'plain', text: ` ${text}` },
            ],
          }
        : { ...m, text, text_entities: [{ type: 'plain', text }] },
      null,
      1,
    ).replace('"BIGID"', '5170233102089322756');
    const chunk = (n === 1 ? '' : ',\n') + s.replace(/^/gm, '  ');
    parts.push(chunk);
    bytes += chunk.length;
    if (parts.length >= 2000) writeSync(fd, parts.splice(0).join(''));
  }
  writeSync(fd, parts.join('') + '\n ]\n}\n');
  closeSync(fd);
  return { dir, messages: n };
}

interface Sample {
  ms: number;
  cpuMs: number;
  rssMb: number;
}

/**
 * One measurement, as plain JavaScript run by `node` without tsx (so that neither the floor, nor the import, nor the
 * import's worker thread pays for a TypeScript loader): argv kind, export folder, case folder; prints a Sample.
 */
const CHILD = `
const [kind, dir, caseDir] = process.argv.slice(1);
const cpu = (c) => (c.user + c.system) / 1000;
const t0 = performance.now();
const c0 = process.cpuUsage();
let s;
if (kind === 'floor') {
  const { readFileSync } = await import('node:fs');
  const doc = JSON.parse(readFileSync(dir + '/result.json', 'utf8'));
  let x = 0;
  for (const m of doc.messages) x += m.type === 'service' ? 1 : m.id & 1;
  if (x < 0) console.error(x);
} else if (kind === 'read') {
  const { telegramJson } = await import('${DIST}/pipeline/import/telegram-json/index.js');
  let n = 0;
  for (const ev of telegramJson.read(telegramJson.detect(dir), {})) if (ev.type === 'message') n++;
  if (n < 0) console.error(n);
} else {
  const { initCase } = await import('${DIST}/app/init-case.js');
  const { openCase } = await import('${DIST}/app/context.js');
  const { importSources } = await import('${DIST}/app/import-sources.js');
  await initCase({ dir: caseDir });
  const ctx = await openCase(caseDir);
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  await importSources(ctx, { paths: [dir], readThread: kind === 'inline' ? 'inline' : 'auto' });
  await ctx.close();
  s = { ms: performance.now() - t1, cpuMs: cpu(process.cpuUsage(c1)) };
}
s ??= { ms: performance.now() - t0, cpuMs: cpu(process.cpuUsage(c0)) };
process.stdout.write(JSON.stringify({ ...s, rssMb: process.resourceUsage().maxRSS / 1024 }));
`;

function measure(kind: string, dir: string, work: string): Sample {
  const caseDir = mkdtempSync(join(work, 'case-'));
  rmSync(caseDir, { recursive: true });
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, kind, dir, caseDir], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`${kind} failed: ${r.stderr}`);
  rmSync(caseDir, { recursive: true, force: true });
  return JSON.parse(r.stdout) as Sample;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const mb = Number(process.env['VIGIE_BENCH_IMPORT_MB'] ?? 64);
  const bigMb = Number(process.env['VIGIE_BENCH_IMPORT_BIG_MB'] ?? 256);
  const work = mkdtempSync(join(process.env['VIGIE_BENCH_DIR'] ?? tmpdir(), 'vigie-bench-import-'));
  try {
    const small = generate(join(work, 'small'), mb);
    const size = statSync(join(small.dir, 'result.json')).size;
    const floor: Sample[] = [];
    const read: Sample[] = [];
    const imp: Sample[] = [];
    const inline: Sample[] = [];
    for (let i = 0; i < 3; i++) {
      floor.push(measure('floor', small.dir, work));
      read.push(measure('read', small.dir, work));
      imp.push(measure('import', small.dir, work));
      inline.push(measure('inline', small.dir, work));
    }
    rmSync(small.dir, { recursive: true, force: true });
    const big = generate(join(work, 'big'), bigMb);
    const bigSize = statSync(join(big.dir, 'result.json')).size;
    const mem = measure('import', big.dir, work);
    const f = median(floor.map((x) => x.ms));
    const m = median(imp.map((x) => x.ms));
    const fc = median(floor.map((x) => x.cpuMs));
    const rc = median(read.map((x) => x.cpuMs));
    const mc = median(imp.map((x) => x.cpuMs));
    const ic = median(inline.map((x) => x.cpuMs));
    console.log(`## Import (telegram-json)\n`);
    console.log('`npm run bench -- import` (VIGIE_BENCH_IMPORT_MB, VIGIE_BENCH_IMPORT_BIG_MB)\n');
    console.log('| measure | value |\n|---|---|');
    console.log(`| file (ratio) | ${(size / 1e6).toFixed(0)} MB, ${small.messages} messages |`);
    console.log(`| floor: JSON.parse + loop, median of 3 | ${(f / 1000).toFixed(2)} s |`);
    console.log(
      `| vigie import (stream, normalise, SQLite, evidence copy), median of 3 | ${(m / 1000).toFixed(2)} s (${((small.messages / m) * 1000).toFixed(0)} msg/s) |`,
    );
    console.log(`| **ratio import / floor, wall** (budget ≤ 3) | **${(m / f).toFixed(2)}** |`);
    console.log(
      `| CPU time (robust on a shared machine): floor / read+normalise only / import | ${fc.toFixed(0)} / ${rc.toFixed(0)} / ${mc.toFixed(0)} ms |`,
    );
    console.log(
      `| ratio to floor, CPU: read+normalise (no database) / import | ${(rc / fc).toFixed(2)} / **${(mc / fc).toFixed(2)}** |`,
    );
    console.log(
      `| import read on the writing thread (\`readThread: 'inline'\`): CPU, ratio to floor CPU | ${ic.toFixed(0)} ms, **${(ic / fc).toFixed(2)}** |`,
    );
    console.log(`| file (memory) | ${(bigSize / 1e6).toFixed(0)} MB, ${big.messages} messages |`);
    console.log(`| import time on it | ${(mem.ms / 1000).toFixed(1)} s |`);
    console.log(`| **peak RSS of the import** | **${mem.rssMb.toFixed(0)} MB** |`);
    console.log(`| machine load (1-min average) | ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores |\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'generate') generate(process.argv[3]!, Number(process.argv[4]));
else await main();
