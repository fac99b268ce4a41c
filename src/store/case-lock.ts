import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Who holds a case for writing: written to `locks/<file>.json` while a writing command runs. */
export interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly user: string;
  readonly since: string;
}

/** A held lock file; `release()` removes it (idempotent). */
export interface CaseLock {
  readonly file: string;
  release(): void;
}

/** Case folders this process opened, with its own lock file if any (so that a fault message can name them). */
const opened = new Map<string, string>();

/** Remember a case folder this process opened (read-only opens too), for fault messages. */
export function noteCase(caseDir: string): void {
  if (!opened.has(caseDir)) opened.set(caseDir, '');
}

/** The folder of lock files inside a case folder. */
export function locksDir(caseDir: string): string {
  return join(caseDir, 'locks');
}

/** Write this process's lock file (informational: SQLite does the actual exclusion). */
export function acquireLock(caseDir: string, command: string, user: string): CaseLock {
  const dir = locksDir(caseDir);
  // Not recursive: the case folder exists, and a recursive mkdir reports EROFS as ENOENT.
  if (!existsSync(dir)) mkdirSync(dir);
  const file = join(dir, `${process.pid}-${randomBytes(4).toString('hex')}.json`);
  const info: LockInfo = {
    pid: process.pid,
    host: hostname(),
    command,
    user,
    since: new Date().toISOString(),
  };
  writeFileSync(file, JSON.stringify(info) + '\n', { flag: 'wx' });
  opened.set(caseDir, file);
  return {
    file,
    release() {
      rmSync(file, { force: true });
    },
  };
}

/** True when a process with this pid runs on this machine (EPERM: it runs under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Lock holders other than `except` that are still alive; stale files (a dead process on this host) are removed,
 * unless `prune` is false (a read-only command writes nothing). A holder on another host cannot be checked and
 * counts as alive.
 */
export function liveHolders(
  caseDir: string,
  except?: string,
  opts: { readonly prune?: boolean } = {},
): LockInfo[] {
  const dir = locksDir(caseDir);
  if (!existsSync(dir)) return [];
  const out: LockInfo[] = [];
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name);
    if (file === except || !name.endsWith('.json')) continue;
    let info: LockInfo;
    try {
      info = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
    } catch {
      continue; // being written or truncated: not a holder we can name
    }
    if (info.host === hostname() && !processAlive(info.pid)) {
      if (opts.prune === false) continue;
      try {
        rmSync(file, { force: true });
      } catch {
        // a read-only case folder: the stale file stays, and is ignored
      }
      continue;
    }
    out.push(info);
  }
  return out;
}

/**
 * True when none of the live `holders` can be the process that started a run at `startedAt` (ISO-8601 UTC): a
 * writer takes its lock before it starts a run, so the run's process, if alive, holds a lock on this host dated
 * at or before the run. A holder on another host, or whose date cannot be read, might be it (clocks differ).
 */
export function runHolderGone(startedAt: string, holders: readonly LockInfo[]): boolean {
  return holders.every(
    (h) => h.host === hostname() && ISO_UTC.test(h.since) && ISO_UTC.test(startedAt) && h.since > startedAt,
  );
}

/** The form `Date.toISOString()` writes, whose text order is time order. */
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The case folders this process opened. */
export function heldCases(): string[] {
  return [...opened.keys()];
}

/** "held by `vigie import` (pid 1234, user ana, since …)" for every other live holder of the cases this process holds. */
export function describeHolders(): string {
  const parts: string[] = [];
  for (const [dir, own] of opened)
    for (const h of liveHolders(dir, own))
      parts.push(
        `held by \`${h.command}\` (pid ${h.pid}${h.host === hostname() ? '' : ` on ${h.host}`}, user ${h.user}, since ${h.since})`,
      );
  return parts.length ? parts.join('; ') : 'held by another process (no lock file names it)';
}
