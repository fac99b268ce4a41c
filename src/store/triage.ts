import type Database from 'better-sqlite3';

/** A stored triage score. */
export interface ScoreRow {
  readonly actor: string;
  readonly rank: number;
  readonly total: number;
  readonly factors: unknown[];
  readonly policy: string;
}

/** Replace every score with this run's (derived data; call inside the run's transaction). */
export function replaceScores(
  raw: Database.Database,
  runId: string,
  policy: string,
  rows: ReadonlyArray<{ actor: string; rank: number; score: number; factors: readonly unknown[] }>,
): void {
  raw.prepare('DELETE FROM score').run();
  const ins = raw.prepare(
    'INSERT INTO score (actor_id, rank, total, factors, policy, run_id) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const r of rows) ins.run(r.actor, r.rank, r.score, JSON.stringify(r.factors), policy, runId);
}

/** Scores by rank, optionally limited to given actors. */
export function listScores(raw: Database.Database): ScoreRow[] {
  return (
    raw.prepare('SELECT * FROM score ORDER BY rank').all() as Array<{
      actor_id: string;
      rank: number;
      total: number;
      factors: string;
      policy: string;
    }>
  ).map((r) => ({
    actor: r.actor_id,
    rank: r.rank,
    total: r.total,
    factors: JSON.parse(r.factors) as unknown[],
    policy: r.policy,
  }));
}

/** A supervisor's decision on a target. */
export interface TargetDecision {
  readonly actor: string;
  readonly decision: 'accept' | 'reject';
  readonly reason: string;
  readonly user: string;
  readonly at: string;
}

/** Record a decision (call inside the transaction that appends the audit event). */
export function insertDecision(raw: Database.Database, d: TargetDecision): void {
  raw
    .prepare('INSERT INTO target_decision (actor_id, decision, reason, user, at) VALUES (?, ?, ?, ?, ?)')
    .run(d.actor, d.decision, d.reason, d.user, d.at);
}

/** The latest decision per actor. */
export function latestDecisions(raw: Database.Database): Map<string, TargetDecision> {
  const rows = raw
    .prepare(
      'SELECT actor_id, decision, reason, user, at FROM target_decision d WHERE id = (SELECT MAX(id) FROM target_decision e WHERE e.actor_id = d.actor_id) ORDER BY actor_id',
    )
    .all() as Array<{
    actor_id: string;
    decision: 'accept' | 'reject';
    reason: string;
    user: string;
    at: string;
  }>;
  return new Map(
    rows.map((r) => [
      r.actor_id,
      { actor: r.actor_id, decision: r.decision, reason: r.reason, user: r.user, at: r.at },
    ]),
  );
}

/** True when the case knows this actor. */
export function actorExists(raw: Database.Database, id: string): boolean {
  return raw.prepare('SELECT 1 FROM actor WHERE id = ?').get(id) !== undefined;
}

/** Known media per actor with their hash-list category, when the matching tables exist ('' = no category). */
export function knownMediaByActor(
  raw: Database.Database,
): Map<string, Array<{ sha256: string; category: string }>> {
  const out = new Map<string, Array<{ sha256: string; category: string }>>();
  const tables = new Set(
    (raw.prepare(`SELECT name FROM sqlite_master WHERE type='table'`).all() as Array<{ name: string }>).map(
      (r) => r.name,
    ),
  );
  if (!tables.has('cluster_member')) return out;
  const hasMatch = tables.has('match') && tables.has('hash_list_entry');
  const cols = hasMatch
    ? (raw.prepare(`PRAGMA table_info(hash_list_entry)`).all() as Array<{ name: string }>).map((c) => c.name)
    : [];
  const catSql =
    hasMatch && cols.includes('category')
      ? `coalesce((SELECT MIN(e.category) FROM match x JOIN hash_list_entry e ON e.id = x.entry_id
         WHERE x.sha256 = cm.sha256 AND e.category IS NOT NULL AND e.category <> ''), '')`
      : `''`;
  let rows: Array<{ actor: string; sha256: string; category: string | null }>;
  try {
    rows = raw
      .prepare(
        `SELECT DISTINCT m.author_id AS actor, cm.sha256, ${catSql} AS category
         FROM cluster_member cm JOIN media_occurrence o ON o.sha256 = cm.sha256
         JOIN message m ON m.chat_id = o.chat_id AND m.message_id = o.message_id
         WHERE cm.status = 'known' AND m.author_id IS NOT NULL ORDER BY actor, cm.sha256`,
      )
      .all() as typeof rows;
  } catch {
    // The matching schema differs from what this query expects: fall back to uncategorised known media.
    rows = raw
      .prepare(
        `SELECT DISTINCT m.author_id AS actor, cm.sha256, '' AS category
         FROM cluster_member cm JOIN media_occurrence o ON o.sha256 = cm.sha256
         JOIN message m ON m.chat_id = o.chat_id AND m.message_id = o.message_id
         WHERE cm.status = 'known' AND m.author_id IS NOT NULL ORDER BY actor, cm.sha256`,
      )
      .all() as typeof rows;
  }
  for (const r of rows) {
    const list = out.get(r.actor) ?? [];
    list.push({ sha256: r.sha256, category: r.category ?? '' });
    out.set(r.actor, list);
  }
  return out;
}

/** True when a derived table (attribution, score) has rows. */
export function hasRows(raw: Database.Database, table: 'attribution' | 'score'): boolean {
  return raw.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined;
}
