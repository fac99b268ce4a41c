import type { CaseContext } from './context.js';
import { REVEAL_COMMAND } from './reveal-media.js';

/** Reveals of one UTC day: the total and per person (only the asking person's unless `everyone`). */
export interface RevealCounts {
  /** The UTC day counted (YYYY-MM-DD). */
  readonly day: string;
  readonly total: number;
  readonly byPerson: { person: string; count: number }[];
}

/** Count the reveals of today (UTC) from the audit trail: the person's own, or everyone's (supervisors). */
export async function revealMediaCounts(
  deps: Pick<CaseContext, 'store'>,
  input: { person: string; everyone: boolean; now?: () => number },
): Promise<RevealCounts> {
  const day = new Date((input.now ?? Date.now)()).toISOString().slice(0, 10);
  const counts = new Map<string, number>();
  for (const e of await deps.store.audit.listByCommand(REVEAL_COMMAND)) {
    if (!e.at.startsWith(day)) continue;
    if (!input.everyone && e.user !== input.person) continue;
    counts.set(e.user, (counts.get(e.user) ?? 0) + 1);
  }
  if (!input.everyone && !counts.has(input.person)) counts.set(input.person, 0);
  const byPerson = [...counts]
    .map(([person, count]) => ({ person, count }))
    .sort((a, b) => (a.person < b.person ? -1 : a.person > b.person ? 1 : 0));
  return { day, total: byPerson.reduce((n, p) => n + p.count, 0), byPerson };
}
