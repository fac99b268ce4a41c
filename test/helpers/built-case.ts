// Fixture cases built once per `npm test` run and shared between test files: the first file that asks builds the
// case into the runner's cache folder ($VIGIE_TEST_CACHE, else a folder of this process) under a lock, the others
// wait for it. A test reads the shared case through `openCase(dir, { readonly: true })` or the read-only CLI
// commands, and works on `copyOfBuiltCase` (a `cp -r` of the SQLite case, or its PostgreSQL twin) to change it.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCli } from './cli.js';
import { caseOn } from './copy-to-postgres.js';
import type { TestDatabase } from './databases.js';

/** A shared case: `out` is the folder its builder wrote (generated exports, truth.json…), `caseDir` the case. */
export interface BuiltCase {
  readonly out: string;
  readonly caseDir: string;
}

/** How each named case is built into `out` (its anchor journals go to `anchors`). */
const BUILDERS = {
  /** `vigie demo --scale small --seed 3 --no-videos`: the generated exports, truth.json and the case in out/case. */
  'demo-small': async (out: string, anchors: string): Promise<void> => {
    const args = ['demo', '--scale', 'small', '--seed', '3', '--out', out, '--no-serve', '--no-videos'];
    const r = await runCli([...args, '--json'], { VIGIE_ANCHOR_DIR: anchors });
    if (r.code !== 0) throw new Error(`vigie ${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
    writeFileSync(join(out, 'demo.json'), r.stdout);
  },
} as const;

/** The name of a shared case. */
export type BuiltCaseName = keyof typeof BUILDERS;

const CACHE = process.env['VIGIE_TEST_CACHE'] ?? privateCache();
const WAIT_MS = 15 * 60 * 1000;

/** Outside the runner (a file run on its own): a cache of this process, removed at exit. */
function privateCache(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-test-cache-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the build lock of `name` (a folder made atomically, naming its owner), freeing one a dead process left. */
function lock(name: string): boolean {
  const dir = join(CACHE, `${name}.lock`);
  try {
    mkdirSync(dir);
    writeFileSync(join(dir, 'pid'), String(process.pid));
    return true;
  } catch {
    let pid = 0;
    try {
      pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    } catch {
      return false; // its owner is still writing the pid
    }
    if (pid > 0 && !alive(pid)) rmSync(dir, { recursive: true, force: true });
    return false;
  }
}

/** The shared case `name`, built on first use in this test run (SQLite, evidence and derived included). */
export async function builtCase(name: BuiltCaseName): Promise<BuiltCase> {
  mkdirSync(CACHE, { recursive: true });
  const out = join(CACHE, name);
  const deadline = Date.now() + WAIT_MS;
  while (!existsSync(out)) {
    if (lock(name)) {
      try {
        if (!existsSync(out)) {
          const partial = `${out}.${process.pid}`;
          rmSync(partial, { recursive: true, force: true });
          await BUILDERS[name](partial, `${out}.anchors`);
          renameSync(partial, out);
        }
      } finally {
        rmSync(join(CACHE, `${name}.lock`), { recursive: true, force: true });
      }
    } else {
      if (Date.now() > deadline) throw new Error(`builtCase ${name}: still being built after ${WAIT_MS} ms`);
      await sleep(250);
    }
  }
  return { out, caseDir: join(out, 'case') };
}

/**
 * A private copy of the shared case `name` for a test that changes it, on `kind`: a `cp -r` of the builder's
 * folder, or (PostgreSQL) a new PostgreSQL case with the same rows, evidence and derived files. The anchor
 * journals written while building are copied into this process's anchor folder, so `verify` sees them.
 */
export async function copyOfBuiltCase(name: BuiltCaseName, kind: TestDatabase): Promise<BuiltCase> {
  const shared = await builtCase(name);
  const out = join(mkdtempSync(join(tmpdir(), `vigie-${name}-`)), name);
  cpSync(shared.out, out, { recursive: true });
  const anchors = `${shared.out}.anchors`;
  const mine = process.env['VIGIE_ANCHOR_DIR'];
  if (mine && existsSync(anchors)) {
    mkdirSync(mine, { recursive: true });
    for (const f of readdirSync(anchors)) cpSync(join(anchors, f), join(mine, f), { force: false });
  }
  return { out, caseDir: await caseOn(kind, join(out, 'case')) };
}
