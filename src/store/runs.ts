import type Database from 'better-sqlite3';
import { VIGIE_VERSION } from '../domain/version.js';
import { canonicalJson } from '../domain/canonical.js';
import { appendAudit } from './audit.js';

/** Start a pipeline run record; returns its id (stage + start time + random suffix). */
export function startRun(
  raw: Database.Database,
  stage: string,
  options: Record<string, unknown> = {},
): string {
  const started = new Date().toISOString();
  const id = `${stage}-${started.replace(/[-:.TZ]/g, '')}-${Math.random().toString(36).slice(2, 8)}`;
  raw
    .prepare(
      `INSERT INTO pipeline_run (id, stage, started_at, status, options, vigie_version) VALUES (?, ?, ?, 'running', ?, ?)`,
    )
    .run(id, stage, started, canonicalJson(options), VIGIE_VERSION);
  return id;
}

/** Close a run with its status and figures. */
export function finishRun(
  raw: Database.Database,
  id: string,
  status: 'ok' | 'issues' | 'failed' | 'interrupted',
  stats: Record<string, unknown> = {},
): void {
  raw
    .prepare(`UPDATE pipeline_run SET finished_at = ?, status = ?, stats = ? WHERE id = ?`)
    .run(new Date().toISOString(), status, canonicalJson(stats), id);
}

/**
 * Mark every run still `running` as `interrupted` (call only when no live process holds the case), with one audit
 * event each; returns their ids.
 */
export function markInterrupted(raw: Database.Database, user: string): string[] {
  const rows = raw
    .prepare(`SELECT id, stage, started_at FROM pipeline_run WHERE status = 'running' ORDER BY id`)
    .all() as { id: string; stage: string; started_at: string }[];
  const now = new Date().toISOString();
  const mark = raw.prepare(`UPDATE pipeline_run SET status = 'interrupted', finished_at = ? WHERE id = ?`);
  for (const r of rows) {
    mark.run(now, r.id);
    appendAudit(raw, {
      user,
      command: 'interrupted',
      subject: r.id,
      details: { stage: r.stage, startedAt: r.started_at },
    });
  }
  return rows.map((r) => r.id);
}

/** True when some run is still marked `running`. */
export function hasRunningRuns(raw: Database.Database): boolean {
  return raw.prepare(`SELECT 1 FROM pipeline_run WHERE status = 'running' LIMIT 1`).get() !== undefined;
}
