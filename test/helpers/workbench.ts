import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, runCli } from './cli.js';
import { copyToPostgres } from './copy-to-postgres.js';

/** A person of the test workbench. */
export interface TestPerson {
  readonly name: string;
  readonly password: string;
  readonly role: 'analyst' | 'supervisor';
}

/** A running `vigie serve` over one small demo case, with an analyst and a supervisor granted it. */
export interface Workbench {
  readonly url: string;
  readonly casesDir: string;
  /** The demo case's folder name (its `{case}` in the API). */
  readonly caseName: string;
  readonly caseDir: string;
  /** The PostgreSQL twin's folder name, when a test PostgreSQL server runs. */
  readonly pgCaseName: string | null;
  readonly analyst: TestPerson;
  readonly supervisor: TestPerson;
  /** The server's stderr so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? res(a.port) : rej(new Error('no port'))));
    });
  });
}

/** Run the CLI and fail loudly when it fails. */
async function must(args: string[], input?: string): Promise<void> {
  const r = await runCli(args, {}, input);
  if (r.code !== 0) throw new Error(`vigie ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
}

/** Poll `url` until it answers (any HTTP status) or `ms` pass. */
async function waitUp(url: string, server: ChildProcess, log: () => string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`vigie serve exited ${server.exitCode}: ${log()}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`vigie serve did not answer at ${url} within ${ms} ms: ${log()}`);
}

/**
 * Build ONE small demo case (no videos) with the real CLI, add an analyst and a supervisor granted it (and a
 * PostgreSQL twin when `postgres` and a test server exist), and start `vigie serve` on a free port.
 */
export async function startWorkbench(
  opts: { postgres?: boolean; demoDir?: string; serveArgs?: readonly string[] } = {},
): Promise<Workbench> {
  const root = mkdtempSync(join(tmpdir(), 'vigie-wb-'));
  // The demo writes its case in <out>/case; `vigie serve --cases <out>` serves it as `case` (as `vigie demo` does).
  // A given demo folder (benchmarks) is served as it is, its people file made anew.
  const casesDir = opts.demoDir ?? join(root, 'cases');
  if (opts.demoDir) rmSync(join(opts.demoDir, 'server.sqlite'), { force: true });
  else await must(['demo', '--scale', 'small', '--out', casesDir, '--no-serve', '--no-videos']);
  const caseName = 'case';
  const caseDir = join(casesDir, caseName);
  let pgCaseName: string | null = null;
  if (opts.postgres && process.env['VIGIE_TEST_PG']) {
    pgCaseName = 'case-pg';
    await copyToPostgres(caseDir, join(casesDir, pgCaseName));
  }
  const analyst: TestPerson = { name: 'ana', password: 'analyst-pass-1234', role: 'analyst' };
  const supervisor: TestPerson = { name: 'sam', password: 'supervisor-pass-1234', role: 'supervisor' };
  for (const p of [analyst, supervisor]) {
    await must(
      ['users', 'add', p.name, '--role', p.role, '--cases', casesDir, '--password-stdin'],
      p.password + '\n',
    );
    for (const c of [caseName, ...(pgCaseName ? [pgCaseName] : [])])
      await must(['users', 'grant', p.name, c, '--cases', casesDir]);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawn(
    process.execPath,
    [CLI, 'serve', '--cases', casesDir, '--port', String(port), ...(opts.serveArgs ?? [])],
    {
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  server.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  await waitUp(`${url}/api/v1/openapi.json`, server, () => log);
  return {
    url,
    casesDir,
    caseName,
    caseDir,
    pgCaseName,
    analyst,
    supervisor,
    log: () => log,
    stop: async () => {
      if (server.exitCode === null) {
        const closed = new Promise((r) => server.once('close', r));
        server.kill('SIGTERM');
        await closed;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
