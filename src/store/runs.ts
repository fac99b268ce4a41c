import type Database from 'better-sqlite3';
import { VIGIE_VERSION } from '../domain/version.js';
import { canonicalJson } from '../domain/canonical.js';

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
  status: 'ok' | 'issues' | 'failed',
  stats: Record<string, unknown> = {},
): void {
  raw
    .prepare(`UPDATE pipeline_run SET finished_at = ?, status = ?, stats = ? WHERE id = ?`)
    .run(new Date().toISOString(), status, canonicalJson(stats), id);
}
