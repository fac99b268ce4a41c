// A throwaway PostgreSQL server for tests and benchmarks: initdb into a temporary folder, start on a free
// loopback port with trust authentication, stop and delete at the end. Debian's `postgresql` package provides the
// binaries (.ci/run installs it); as root the server runs as the `postgres` user (PostgreSQL refuses root), switched
// to by the spawn itself (uid/gid), so no `runuser`/`su` is needed. Robustness (ADR 0017):
// - a server left by a killed run (SIGKILL, a crashed CI job) is stopped and its folder deleted by the next start:
//   each folder names its owner process in `owner.pid`; a folder whose owner is dead is swept;
// - a port taken between choosing it and binding it (another run starting at the same time) is retried on another;
// - SIGINT, SIGTERM and SIGHUP stop the server before the process exits (`stopOnSignals`).
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'vigie-pg-';

function binDir() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** The account the server runs as when we are root: `postgres` (Debian's package creates it), else `nobody`. */
function serverAccount() {
  for (const name of ['postgres', 'nobody']) {
    const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (r.status === 0 && g.status === 0)
      return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
  }
  throw new Error('running as root and no `postgres` or `nobody` account to run PostgreSQL as');
}

/** Stop the servers of dead runs and delete their folders (only folders this script made: they carry owner.pid). */
function sweep(bin, as) {
  let names = [];
  try {
    names = readdirSync(tmpdir()).filter((n) => n.startsWith(PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const root = join(tmpdir(), name);
    let owner;
    try {
      owner = Number(readFileSync(join(root, 'owner.pid'), 'utf8').trim());
    } catch {
      continue; // not ours, or still being created
    }
    if (!Number.isInteger(owner) || owner <= 0 || alive(owner)) continue;
    spawnSync(join(bin, 'pg_ctl'), ['-D', join(root, 'data'), '-m', 'immediate', 'stop'], {
      stdio: 'ignore',
      ...as,
    });
    remove(root);
  }
}

/** Delete a server folder; retried while the stopping server's last processes still write into it. */
function remove(root) {
  try {
    rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch {
    // left for the next start's sweep (its owner.pid names a dead process)
  }
}

/** Start a server; returns { url, stop } or null when no PostgreSQL binaries are installed. */
export async function startTestPostgres() {
  const bin = binDir();
  if (!bin) return null;
  const as = process.getuid?.() === 0 ? serverAccount() : {};
  sweep(bin, as);
  const run = (cmd, args) => execFileSync(join(bin, cmd), args, { stdio: 'pipe', ...as });
  const root = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(root, 'owner.pid'), `${process.pid}\n`);
  if (as.uid !== undefined) chownSync(root, as.uid, as.gid);
  const data = join(root, 'data');
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      spawnSync(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'], { stdio: 'ignore', ...as });
    } finally {
      remove(root);
    }
  };
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const opts = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
      try {
        run('pg_ctl', ['-D', data, '-o', opts, '-l', join(root, 'log'), '-w', '-t', '60', 'start']);
        return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
      } catch (e) {
        // Another process took the port between freePort() and the bind: try another one.
        const log = existsSync(join(root, 'log')) ? readFileSync(join(root, 'log'), 'utf8') : '';
        if (attempt >= 5 || !/could not bind|Address already in use/.test(log)) throw e;
        spawnSync(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'], { stdio: 'ignore', ...as });
      }
    }
  } catch (e) {
    stop();
    throw e;
  }
}

/** Stop `server` when the process exits or is interrupted (SIGINT 130, SIGTERM 143, SIGHUP 129), then run `cleanup`. */
export function stopOnSignals(server, cleanup = () => {}) {
  const end = () => {
    server?.stop();
    cleanup();
  };
  process.on('exit', end);
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ])
    process.on(sig, () => {
      end();
      process.exit(code);
    });
}
