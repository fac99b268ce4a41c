import type { Kysely } from 'kysely';
import type { ServerDB } from './schema.js';
import type { Failures, PeopleStore, PersonRow, SignInOutcome, SignInRow } from './port.js';

const FAILED: SignInOutcome[] = ['bad-password', 'unknown', 'disabled', 'pending'];

type PersonRecord = ServerDB['person'];

function personRow(r: PersonRecord): PersonRow {
  return {
    name: r.name,
    role: r.role,
    passwordHash: r.password_hash,
    disabled: r.disabled === 1,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

/** Failed attempts (pending included) logged before `before`, at or after `since`, of a name or an address. */
async function failures(
  db: Kysely<ServerDB>,
  key: { name: string } | { address: string },
  since: number,
  before: number,
): Promise<Failures> {
  let from = 0;
  if ('name' in key) {
    const ok = await db
      .selectFrom('sign_in')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('name', '=', key.name)
      .where('outcome', '=', 'ok')
      .where('seq', '<', before)
      .executeTakeFirst();
    from = Number(ok?.seq ?? 0);
  }
  const r = await db
    .selectFrom('sign_in')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('at').as('lastAt')])
    .where('name' in key ? 'name' : 'address', '=', 'name' in key ? key.name : key.address)
    .where('seq', '>', from)
    .where('seq', '<', before)
    .where('at', '>=', since)
    .where('outcome', 'in', FAILED)
    .executeTakeFirst();
  return { count: Number(r?.count ?? 0), lastAt: Number(r?.lastAt ?? 0) };
}

/** How a driver serialises sign-in steps inside a transaction (PostgreSQL: an advisory lock; SQLite: its writer). */
export type SerialiseSignIns = (trx: Kysely<ServerDB>) => Promise<void>;

/**
 * The people store over a Kysely handle on server.sqlite or the PostgreSQL people schema (the drivers open it:
 * store/sqlite/server-db.ts, store/postgres/server-db.ts); the queries are the same on both.
 */
export function peopleStore(
  db: Kysely<ServerDB>,
  where: string,
  close: () => Promise<void>,
  serialise: SerialiseSignIns,
): PeopleStore {
  return {
    where,
    async person(name) {
      const r = await db.selectFrom('person').selectAll().where('name', '=', name).executeTakeFirst();
      return r ? personRow(r) : undefined;
    },
    async people() {
      const rows = await db.selectFrom('person').selectAll().orderBy('name').execute();
      const grants = await db
        .selectFrom('case_grant')
        .select(['person', 'case_name'])
        .orderBy('person')
        .orderBy('case_name')
        .execute();
      return rows.map((r) => ({
        ...personRow(r),
        cases: grants.filter((g) => g.person === r.name).map((g) => g.case_name),
      }));
    },
    async addPerson(p) {
      const r = await db
        .insertInto('person')
        .values({
          name: p.name,
          role: p.role,
          password_hash: p.passwordHash,
          disabled: 0,
          created_at: p.createdAt,
          created_by: p.createdBy,
        })
        .onConflict((oc) => oc.column('name').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async setDisabled(name, disabled) {
      await db
        .updateTable('person')
        .set({ disabled: disabled ? 1 : 0 })
        .where('name', '=', name)
        .execute();
    },
    async setPassword(name, passwordHash) {
      await db.updateTable('person').set({ password_hash: passwordHash }).where('name', '=', name).execute();
    },
    async grant(name, caseName, at, by) {
      const r = await db
        .insertInto('case_grant')
        .values({ person: name, case_name: caseName, granted_at: at, granted_by: by })
        .onConflict((oc) => oc.columns(['person', 'case_name']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async revoke(name, caseName) {
      const r = await db
        .deleteFrom('case_grant')
        .where('person', '=', name)
        .where('case_name', '=', caseName)
        .executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
    async grants(name) {
      const rows = await db
        .selectFrom('case_grant')
        .select('case_name')
        .where('person', '=', name)
        .orderBy('case_name')
        .execute();
      return rows.map((r) => r.case_name);
    },
    async recordEvent(e) {
      await db.insertInto('people_event').values(e).execute();
    },
    async createSession(s) {
      await db
        .insertInto('session')
        .values({
          id_hash: s.idHash,
          person: s.person,
          created_at: s.createdAt,
          last_seen_at: s.lastSeenAt,
          address: s.address,
        })
        .execute();
    },
    async session(idHash) {
      const r = await db.selectFrom('session').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
      return r
        ? {
            idHash: r.id_hash,
            person: r.person,
            createdAt: r.created_at,
            lastSeenAt: r.last_seen_at,
            address: r.address,
          }
        : undefined;
    },
    async touchSession(idHash, at) {
      await db.updateTable('session').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
    },
    async endSession(idHash) {
      await db.deleteFrom('session').where('id_hash', '=', idHash).execute();
    },
    async endSessionsOf(name) {
      await db.deleteFrom('session').where('person', '=', name).execute();
    },
    async pruneSessions(idleBefore, createdBefore) {
      await db
        .deleteFrom('session')
        .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', createdBefore)]))
        .execute();
    },
    async beginSignIn(r, since) {
      return db.transaction().execute(async (trx) => {
        await serialise(trx);
        const row = await trx
          .insertInto('sign_in')
          .values({ ...r, outcome: 'pending' })
          .returning('seq')
          .executeTakeFirstOrThrow();
        const seq = Number(row.seq);
        return {
          seq,
          account: await failures(trx, { name: r.name }, since, seq),
          address: await failures(trx, { address: r.address }, since, seq),
        };
      });
    },
    async settleSignIn(seq, outcome) {
      await db.updateTable('sign_in').set({ outcome }).where('seq', '=', seq).execute();
    },
    async signIns(limit) {
      const rows = await db.selectFrom('sign_in').selectAll().orderBy('seq', 'desc').limit(limit).execute();
      return rows.map((r): SignInRow => ({
        seq: Number(r.seq),
        at: r.at,
        name: r.name,
        address: r.address,
        outcome: r.outcome as SignInOutcome,
      }));
    },
    close,
  };
}
