import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { currentUser } from '../../app/context.js';
import { demoSupervisor, describeDemo, runDemo } from '../../app/run-demo.js';
import { buildServer } from '../../server/app.js';
import { present, runCommand, usage, type GlobalOptions } from '../output.js';
import { serveUntilStopped } from '../serve-until.js';
import { nextSteps } from '../next.js';
import { progressFor } from '../progress.js';

/** The built web app shipped beside the CLI (dist/web). */
const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../web');

interface DemoOptions {
  scale: string;
  seed: string;
  out: string;
  workers?: string;
  serve: boolean;
  videos?: boolean;
  host: string;
  port: string;
}

/** `vigie demo [--scale small|medium|article] [--seed N] [--out DIR] [--workers N] [--no-serve] [--port P]` */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'generate a synthetic case (exports, returns, hash lists, truth.json), run the pipeline on it, and serve the workbench',
    )
    .option('--scale <scale>', 'small | medium | article', 'small')
    .option('--seed <n>', 'random seed: the same seed gives the same files', '1')
    .option('--out <dir>', 'output folder', 'vigie-demo')
    .option('--workers <n>', 'image worker threads (default: the number of cores)')
    .option('--no-serve', 'stop after the pipeline (no demo supervisor, no workbench)')
    .option('--host <host>', 'address the workbench listens on', '127.0.0.1')
    .option('--port <port>', 'port of the workbench (0: any free port)', '4747')
    .option(
      '--videos',
      'generate synthetic video clips and a known-video vPDQ list (default when FFmpeg is installed)',
    )
    .option('--no-videos', 'no video clips')
    .action((o: DemoOptions, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        if (!['small', 'medium', 'article'].includes(o.scale))
          usage(`--scale ${o.scale}: expected small, medium or article`);
        const workers = o.workers === undefined ? undefined : Number(o.workers);
        if (workers !== undefined && !(Number.isInteger(workers) && workers > 0))
          usage(`--workers ${o.workers}: expected a positive integer`);
        const port = Number(o.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port ${o.port}: expected 0–65535`);
        const progress = progressFor(g);
        const r = await runDemo({
          out: o.out,
          scale: o.scale as 'small',
          seed: o.seed,
          workers,
          ...(o.videos === undefined ? {} : { videos: o.videos }),
          onStage: (s, summary) => progress.log(`demo: ${s}: ${summary}`),
          onProgress: progress.active ? (s, d, n) => progress.update(s, d, n) : undefined,
        }).finally(() => progress.stop());
        if (!o.serve)
          return present(g, r, () => [...describeDemo(r, false), ...nextSteps(r.caseDir)].join('\n'));
        // Serve the case folder's parent: the demo case is `case` there, the demo supervisor is granted it.
        const person = await demoSupervisor(r.out, currentUser());
        // As `vigie serve`: answers are checked against their contracts in tests, not in service.
        const app = await buildServer({ casesDir: r.out, webDir: WEB_DIR, validateResponses: false });
        const url = (await app.listen({ host: o.host, port })).replace('://[::1]', '://localhost');
        present(g, { ...r, workbench: { url, user: person.name, password: person.password } }, () =>
          [
            ...describeDemo(r, true),
            ...nextSteps(r.caseDir),
            `workbench: ${url}/  (open it in a browser; Ctrl-C stops it)`,
            `sign in as: ${person.name} (supervisor)   password (shown once): ${person.password}`,
          ].join('\n'),
        );
        await serveUntilStopped(app);
      }),
    );
}
