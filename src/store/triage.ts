import type { StoreQ } from './port.js';

/** A stored triage score. */
export interface ScoreRow {
  readonly actor: string;
  readonly rank: number;
  readonly total: number;
  readonly factors: unknown[];
  readonly policy: string;
}

/** Replace every score with this run's (derived data; call inside the run's transaction; bulk path). */
export async function replaceScores(
  q: StoreQ,
  runId: string,
  policy: string,
  rows: ReadonlyArray<{ actor: string; rank: number; score: number; factors: readonly unknown[] }>,
): Promise<void> {
  await q.db.deleteFrom('score').execute();
  await q.bulk.insert(
    'score',
    ['actor_id', 'rank', 'total', 'factors', 'policy', 'run_id'],
    rows.map((r) => [r.actor, r.rank, r.score, JSON.stringify(r.factors), policy, runId]),
  );
}

/** Scores by rank (then actor). */
export async function listScores(
  q: StoreQ,
  page: { after?: { rank: number; actor: string }; limit?: number } = {},
): Promise<ScoreRow[]> {
  const after = page.after;
  const rows = await q.db
    .selectFrom('score')
    .selectAll()
    .$if(after !== undefined, (w) =>
      w.where((eb) =>
        eb.or([
          eb('rank', '>', after!.rank),
          eb.and([eb('rank', '=', after!.rank), eb('actor_id', '>', after!.actor)]),
        ]),
      ),
    )
    .orderBy('rank')
    .orderBy('actor_id')
    .$if(page.limit !== undefined, (w) => w.limit(page.limit!))
    .execute();
  return rows.map((r) => ({
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
export async function insertDecision(q: StoreQ, d: TargetDecision): Promise<void> {
  await q.db
    .insertInto('target_decision')
    .values({ actor_id: d.actor, decision: d.decision, reason: d.reason, user: d.user, at: d.at })
    .execute();
}

/** The latest decision per actor (the highest id wins), in actor order. */
export async function latestDecisions(q: StoreQ): Promise<Map<string, TargetDecision>> {
  const rows = await q.db
    .selectFrom('target_decision')
    .select(['actor_id', 'decision', 'reason', 'user', 'at'])
    .orderBy('actor_id')
    .orderBy('id')
    .execute();
  const out = new Map<string, TargetDecision>();
  for (const r of rows)
    out.set(r.actor_id, {
      actor: r.actor_id,
      decision: r.decision as TargetDecision['decision'],
      reason: r.reason,
      user: r.user,
      at: r.at,
    });
  return out;
}

/** True when the case knows this actor. */
export async function actorExists(q: StoreQ, id: string): Promise<boolean> {
  return (await q.db.selectFrom('actor').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Known media per actor with their hash-list category ('' = no category; the smallest when several). */
export async function knownMediaByActor(
  q: StoreQ,
): Promise<Map<string, Array<{ sha256: string; category: string }>>> {
  const rows = await q.db
    .selectFrom('cluster_member as cm')
    .innerJoin('media_occurrence as o', 'o.sha256', 'cm.sha256')
    .innerJoin('message as m', (j) =>
      j.onRef('m.chat_id', '=', 'o.chat_id').onRef('m.message_id', '=', 'o.message_id'),
    )
    .select(['m.author_id', 'cm.sha256'])
    .distinct()
    .where('cm.status', '=', 'known')
    .where('m.author_id', 'is not', null)
    .orderBy('m.author_id')
    .orderBy('cm.sha256')
    .execute();
  const categories = new Map<string, string>();
  const cats = await q.db
    .selectFrom('match as x')
    .innerJoin('hash_list_entry as e', 'e.id', 'x.entry_id')
    .innerJoin('cluster_member as cm', 'cm.sha256', 'x.sha256')
    .select(['x.sha256', 'e.category'])
    .where('cm.status', '=', 'known')
    .where('e.category', 'is not', null)
    .where('e.category', '<>', '')
    .execute();
  for (const c of cats) {
    const was = categories.get(c.sha256);
    if (c.category !== null && (was === undefined || c.category < was)) categories.set(c.sha256, c.category);
  }
  const out = new Map<string, Array<{ sha256: string; category: string }>>();
  for (const r of rows) {
    const actor = r.author_id as string;
    const list = out.get(actor) ?? [];
    list.push({ sha256: r.sha256, category: categories.get(r.sha256) ?? '' });
    out.set(actor, list);
  }
  return out;
}

/** True when a derived table (attribution, score) has rows. */
export async function hasRows(q: StoreQ, table: 'attribution' | 'score'): Promise<boolean> {
  return (await q.db.selectFrom(table).select('run_id').limit(1).executeTakeFirst()) !== undefined;
}
