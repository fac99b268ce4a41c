import type { StoreQ } from './port.js';

/** How the case knows an account is its own (collecting, undercover) account. */
export type OwnAccountOrigin = 'import' | 'personal_information' | 'manual';

/** One of the case's own accounts, with where that knowledge comes from. */
export interface OwnAccount {
  readonly actorId: string;
  /** The collecting account's label (`UC-A`) when an import named it. */
  readonly label: string | null;
  readonly origins: readonly OwnAccountOrigin[];
  /** A person's reason, for a manual mark. */
  readonly reason: string | null;
}

/** A person's mark (or unmark) of an own account (call inside the transaction that appended the audit event). */
export interface OwnAccountMark {
  readonly actorId: string;
  readonly undercover: boolean;
  readonly reason: string | null;
  readonly user: string;
  readonly at: string;
  readonly auditSeq: number;
}

/** Telegram actor id of a bare or prefixed user id (`123`, `user123`, `telegram:user123`). */
export function telegramUserId(id: unknown): string | null {
  const s = typeof id === 'number' ? String(id) : typeof id === 'string' ? id.trim() : '';
  const m = /^(?:telegram:)?(?:user)?(\d+)$/.exec(s);
  return m ? `telegram:user${m[1]}` : null;
}

function parse(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The case's own accounts: import `--account-id`, full-account exports' `personal_information`, people's marks. */
export async function listOwnAccounts(q: StoreQ): Promise<Map<string, OwnAccount>> {
  const out = new Map<
    string,
    { label: string | null; origins: Set<OwnAccountOrigin>; reason: string | null }
  >();
  const add = (id: string | null, origin: OwnAccountOrigin, label: string | null, reason: string | null) => {
    if (id === null) return;
    const e = out.get(id) ?? { label: null, origins: new Set<OwnAccountOrigin>(), reason: null };
    e.label ??= label;
    e.origins.add(origin);
    if (reason !== null) e.reason = reason;
    out.set(id, e);
  };
  const sources = await q.db
    .selectFrom('source')
    .select(['label', 'options', 'metadata'])
    .orderBy('id')
    .execute();
  for (const s of sources) {
    add(telegramUserId(parse(s.options)['accountId']), 'import', s.label, null);
    const extra = parse(s.metadata)['extra'];
    const pi =
      extra && typeof extra === 'object' ? (extra as Record<string, unknown>)['personal_information'] : null;
    if (pi && typeof pi === 'object')
      add(telegramUserId((pi as Record<string, unknown>)['user_id']), 'personal_information', s.label, null);
  }
  const marks = await q.db
    .selectFrom('own_account')
    .select(['actor_id', 'undercover', 'reason'])
    .orderBy('actor_id')
    .orderBy('id')
    .execute();
  const latest = new Map(marks.map((m) => [m.actor_id, m]));
  for (const m of latest.values()) {
    if (m.undercover) add(m.actor_id, 'manual', null, m.reason);
    else out.delete(m.actor_id);
  }
  return new Map(
    [...out.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([actorId, e]) => [
        actorId,
        { actorId, label: e.label, origins: [...e.origins].sort(), reason: e.reason },
      ]),
  );
}

/** Record a person's mark of an own account. */
export async function insertOwnAccountMark(q: StoreQ, m: OwnAccountMark): Promise<void> {
  await q.db
    .insertInto('own_account')
    .values({
      actor_id: m.actorId,
      undercover: m.undercover ? 1 : 0,
      reason: m.reason,
      user: m.user,
      at: m.at,
      audit_seq: m.auditSeq,
    })
    .execute();
}

/** The case's own accounts and people's marks of them. */
export function ownAccountRepo(q: StoreQ) {
  return {
    /** Every own account of the case, by actor id. */
    list: () => listOwnAccounts(q),
    /** Record a person's mark (inside the audited transaction). */
    mark: (m: OwnAccountMark) => insertOwnAccountMark(q, m),
  };
}
