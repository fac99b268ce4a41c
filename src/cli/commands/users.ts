import type { Command } from 'commander';
import { currentUser } from '../../app/context.js';
import { openPeople, type PeopleStore } from '../../app/users-store.js';
import { addPerson } from '../../app/users-add.js';
import { grantCase } from '../../app/users-grant.js';
import { listPeople } from '../../app/users-list.js';
import { disablePerson } from '../../app/users-disable.js';
import { initPeople } from '../../app/users-init.js';
import { log, present, runCommand, usage, type GlobalOptions } from '../output.js';

interface CasesOption {
  cases?: string;
}

/** The cases folder: --cases DIR, else $VIGIE_CASES. */
export function casesDirOf(o: CasesOption): string {
  const dir = o.cases ?? process.env['VIGIE_CASES'];
  if (!dir) usage('--cases DIR: the folder of case folders (or $VIGIE_CASES)');
  return dir;
}

async function withPeople<T>(
  o: CasesOption,
  create: boolean,
  fn: (p: PeopleStore) => Promise<T>,
): Promise<T> {
  const people = await openPeople(casesDirOf(o), { create });
  try {
    return await fn(people);
  } finally {
    await people.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** `vigie users init|add|grant|list|disable`: the people of a cases folder (DIR/server.sqlite or PostgreSQL). */
export function registerUsers(program: Command): void {
  const users = program
    .command('users')
    .description('people who may sign in to the workbench (DIR/server.sqlite, or PostgreSQL: users init)');
  const deps = (people: PeopleStore) => ({ people, now: Date.now, actor: currentUser() });
  users
    .command('init')
    .description('keep the people of a cases folder on PostgreSQL (writes DIR/server.json; once per folder)')
    .requiredOption('--database <url>', 'postgres://HOST[:PORT]/DB (password: $PGPASSWORD or ~/.pgpass)')
    .option('--schema <name>', 'the people schema', 'vigie_server')
    .option('--cases <dir>', 'the cases folder (default $VIGIE_CASES)')
    .action((o: CasesOption & { database: string; schema: string }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const r = await initPeople({ casesDir: casesDirOf(o), database: o.database, schema: o.schema });
        present(
          g,
          r,
          () => `people: ${r.people} (${r.persons} so far)${r.changed ? `; ${r.config} written` : ''}`,
        );
      }),
    );
  users
    .command('add <name>')
    .description('add a person with a role; prints a random password once unless --password-stdin')
    .requiredOption('--role <role>', 'analyst | supervisor | liaison | auditor | admin')
    .option('--cases <dir>', 'the cases folder (default $VIGIE_CASES)')
    .option('--password-stdin', 'read the password from standard input')
    .action((name: string, o: CasesOption & { role: string; passwordStdin?: boolean }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const password = o.passwordStdin ? await readStdin() : undefined;
        const r = await withPeople(o, true, (people) =>
          addPerson(deps(people), { name, role: o.role, ...(password !== undefined ? { password } : {}) }),
        );
        present(g, r, () =>
          r.password
            ? `${r.name} (${r.role}) added; password (shown once): ${r.password}`
            : `${r.name} (${r.role}) added`,
        );
      }),
    );
  users
    .command('grant <name> <case>')
    .description('let a person open a case folder of the cases folder (--revoke: no longer)')
    .option('--cases <dir>', 'the cases folder (default $VIGIE_CASES)')
    .option('--revoke', 'revoke the grant instead')
    .action((name: string, caseName: string, o: CasesOption & { revoke?: boolean }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const casesDir = casesDirOf(o);
        const r = await withPeople(o, false, (people) =>
          grantCase(
            { ...deps(people), casesDir },
            { name, case: caseName, ...(o.revoke ? { revoke: true } : {}) },
          ),
        );
        present(g, r, () => `${r.name}: ${r.cases.join(', ') || 'no cases'}`);
      }),
    );
  users
    .command('list')
    .description('people with role, state and granted cases')
    .option('--cases <dir>', 'the cases folder (default $VIGIE_CASES)')
    .action((o: CasesOption, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const r = await withPeople(o, false, (people) => listPeople({ people }));
        present(g, r, () =>
          r.length === 0
            ? 'no people'
            : r
                .map(
                  (p) => `${p.name}\t${p.role}\t${p.disabled ? 'disabled' : 'active'}\t${p.cases.join(',')}`,
                )
                .join('\n'),
        );
      }),
    );
  users
    .command('disable <name>')
    .description('disable a person (ends their sessions); --enable lets them in again')
    .option('--cases <dir>', 'the cases folder (default $VIGIE_CASES)')
    .option('--enable', 'enable again instead')
    .action((name: string, o: CasesOption & { enable?: boolean }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const r = await withPeople(o, false, (people) =>
          disablePerson(deps(people), { name, ...(o.enable ? { enable: true } : {}) }),
        );
        present(g, r, () => `${r.name}: ${r.disabled ? 'disabled' : 'enabled'}`);
        if (r.disabled) log(`${r.name}: sessions ended`);
      }),
    );
}
