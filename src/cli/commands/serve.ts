import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { VIGIE } from '../next.js';
import { buildServer } from '../../server/app.js';
import { log, present, runCommand, usage, type GlobalOptions } from '../output.js';
import { serveUntilStopped } from '../serve-until.js';
import { casesDirOf } from './users.js';
import { showUnitKey } from '../../app/show-key.js';

interface ServeOptions {
  cases?: string;
  host: string;
  port: string;
  tlsCert?: string;
  tlsKey?: string;
  web?: string;
  intake?: string;
  categories?: string;
  signingKey?: string;
}

/** The built web app shipped beside the CLI (dist/web). */
const DEFAULT_WEB = resolve(dirname(fileURLToPath(import.meta.url)), '../../web');

/** `vigie serve --cases DIR`: the workbench (API and web app) on 127.0.0.1:4747 unless told otherwise. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the workbench: every case folder under --cases DIR and the web app')
    .option(
      '--cases <dir>',
      'the folder of case folders and of the people (server.sqlite or server.json; default $VIGIE_CASES)',
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: any free port)', '4747')
    .option('--tls-cert <file>', 'TLS certificate (PEM); with --tls-key, serve HTTPS')
    .option('--tls-key <file>', 'TLS private key (PEM)')
    .option('--intake <dir>', 'the folder import jobs read from (default: CASES/intake)')
    .option('--web <dir>', 'the built web app (default: dist/web beside the CLI)')
    .option('--categories <file>', 'category scheme (JSON) of cases without their own categories.json')
    .option(
      '--signing-key <name>',
      "the unit key that signs referral packages built in the workbench ('vigie keys create')",
    )
    .action((o: ServeOptions, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const port = Number(o.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port ${o.port}: expected 0–65535`);
        if (Boolean(o.tlsCert) !== Boolean(o.tlsKey)) usage('--tls-cert and --tls-key go together');
        const https =
          o.tlsCert && o.tlsKey ? { cert: readFileSync(o.tlsCert), key: readFileSync(o.tlsKey) } : undefined;
        const key = o.signingKey ? await showUnitKey({ name: o.signingKey }) : null;
        const app = await buildServer({
          casesDir: casesDirOf(o),
          webDir: o.web ?? DEFAULT_WEB,
          // answers are checked against their contracts in tests (buildServer's default), not in service
          validateResponses: false,
          ...(o.intake ? { intakeDir: o.intake } : {}),
          ...(https ? { https } : {}),
          ...(o.categories ? { categories: o.categories } : {}),
          ...(o.signingKey ? { signingKey: o.signingKey } : {}),
        });
        log(`people: ${app.vigie.people.where}`);
        log(
          key
            ? `referral packages signed by ${key.name} (sha256 ${key.fingerprint})`
            : 'no --signing-key: the workbench builds no referral package',
        );
        if ((await app.vigie.people.people()).length === 0)
          log(`no people yet: ${VIGIE} users add NAME --role admin --cases ${app.vigie.casesDir}`);
        const address = await app.listen({ host: o.host, port });
        const url = address.replace('://[::1]', '://localhost');
        present(g, { url }, () => url);
        await serveUntilStopped(app);
      }),
    );
}
