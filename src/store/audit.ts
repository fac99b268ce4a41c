import { canonicalJson, sha256Hex } from '../domain/canonical.js';
import type { StoreQ } from './port.js';

/** The last audit event: its sequence number, hash and command. */
export interface AuditHead {
  seq: number;
  hash: string;
  command: string;
}

/** The hash that starts the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** One audit event as stored. */
export interface AuditEvent {
  seq: number;
  at: string;
  user: string;
  command: string;
  subject: string;
  details: string;
  prev_hash: string;
  hash: string;
}

/** What a caller says happened. */
export interface AuditInput {
  user: string;
  command: string;
  subject: string;
  details?: Record<string, unknown>;
  at?: string;
}

/** The hash of an event: SHA-256 over the previous hash and the canonical event body. */
export function auditHash(e: Omit<AuditEvent, 'hash'>): string {
  return sha256Hex(
    canonicalJson({
      seq: e.seq,
      at: e.at,
      user: e.user,
      command: e.command,
      subject: e.subject,
      details: e.details,
      prev: e.prev_hash,
    }),
  );
}

async function lastEvent(q: StoreQ): Promise<{ seq: number; hash: string; command: string } | undefined> {
  return q.db
    .selectFrom('audit_event')
    .select(['seq', 'hash', 'command'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Append one event chained to the last (inside the transaction that makes the change). */
async function append(q: StoreQ, input: AuditInput): Promise<AuditEvent> {
  const last = await lastEvent(q);
  const body = {
    seq: (last?.seq ?? 0) + 1,
    at: input.at ?? new Date().toISOString(),
    user: input.user,
    command: input.command,
    subject: input.subject,
    details: canonicalJson(input.details ?? {}),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const event: AuditEvent = { ...body, hash: auditHash(body) };
  await q.db.insertInto('audit_event').values(event).execute();
  return event;
}

/** Walk the chain in pages; returns the first broken event (with why) or null when intact. */
async function check(q: StoreQ): Promise<{ seq: number; why: string } | null> {
  let prev = GENESIS_HASH;
  let expectSeq = 1;
  let after = 0;
  for (;;) {
    const page = await q.db
      .selectFrom('audit_event')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(5000)
      .execute();
    for (const e of page) {
      if (e.seq !== expectSeq) return { seq: e.seq, why: `event ${expectSeq} is missing` };
      if (e.prev_hash !== prev) return { seq: e.seq, why: 'its link to the previous event is broken' };
      if (auditHash(e) !== e.hash) return { seq: e.seq, why: 'its content does not match its hash' };
      prev = e.hash;
      expectSeq++;
      after = e.seq;
    }
    if (page.length < 5000) return null;
  }
}

/** The audit trail: append, check, list, count, head. */
export function auditRepo(q: StoreQ) {
  return {
    /** Append one event chained to the last; call inside the transaction that makes the change. */
    append: (input: AuditInput): Promise<AuditEvent> => append(q, input),
    /** The first broken event, or null when the chain is intact. */
    check: () => check(q),
    /** All events in order. */
    list: (): Promise<AuditEvent[]> => q.db.selectFrom('audit_event').selectAll().orderBy('seq').execute(),
    /** Events of one command, in order. */
    listByCommand: (command: string): Promise<AuditEvent[]> =>
      q.db.selectFrom('audit_event').selectAll().where('command', '=', command).orderBy('seq').execute(),
    /** How many events the trail holds. */
    count: async (): Promise<number> =>
      Number(
        (
          await q.db
            .selectFrom('audit_event')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    /** The last event (sequence number, hash, command), or null for an empty trail. */
    head: async (): Promise<AuditHead | null> => (await lastEvent(q)) ?? null,
    /** The stored hash of the event at `seq`, or null. */
    hashAt: async (seq: number): Promise<string | null> =>
      (await q.db.selectFrom('audit_event').select('hash').where('seq', '=', seq).executeTakeFirst())?.hash ??
      null,
  };
}
