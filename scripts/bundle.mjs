#!/usr/bin/env node
// Bundles the CLI with esbuild after `tsc` has emitted dist/ (ADR 0027). dist/cli/main.js becomes one ESM file
// holding what every command needs (commander's set-up, the help table); each command is a chunk under
// dist/cli/chunks/ imported when the command is run, and code shared between commands is split into chunks there
// too. The worker-thread entries are written beside them (`startModuleWorker(name, import.meta.url)` looks for
// `name.js` beside the calling chunk), and the chunks sit at the depth of dist/cli/commands/, so `../../web` from a
// command still names dist/web. Only the pure-JS libraries of BUNDLED are bundled; every other dependency stays
// external and is loaded from node_modules as before (native addons, packages that read their own files).
// tsc's per-file output stays in dist/ beside the bundle (benches import it). Checks after the build that these
// assumptions hold, so a change that breaks them fails `npm run build`, not a user's command.
import { build } from 'esbuild';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

/** Libraries bundled into the CLI: pure JavaScript, no file read relative to their own folder. */
const BUNDLED = ['kysely', 'zod'];

/**
 * CommonJS packages on the start-up path, loaded with `createRequire` rather than `import`: Node's ESM loader would
 * read each of them a second time to guess its exports (cjs-module-lexer) and wrap it in a module (issue 17).
 */
const REQUIRED = ['better-sqlite3', 'commander', 'cli-table3', 'cli-progress', 'pg'];

/** Stand-in modules for REQUIRED: the package's `module.exports` as the default export and its keys as names. */
const requirePlugin = {
  name: 'require-cjs',
  setup(b) {
    const filter = new RegExp(`^(${REQUIRED.join('|')})$`);
    b.onResolve({ filter }, (a) =>
      a.namespace === 'require-cjs'
        ? { path: a.path, external: true }
        : { path: a.path, namespace: 'require-cjs' },
    );
    b.onLoad({ filter: /.*/, namespace: 'require-cjs' }, (a) => {
      const names = Object.keys(createRequire(import.meta.url)(a.path)).filter((k) =>
        /^[A-Za-z_$][\w$]*$/.test(k),
      );
      return {
        contents: [
          "import { createRequire } from 'node:module';",
          `const m = createRequire(import.meta.url)(${JSON.stringify(a.path)});`,
          'export default m;',
          names.length ? `export const { ${names.join(', ')} } = m;` : '',
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};

/** Worker-thread entry points, written as dist/cli/chunks/<name>.js. */
const WORKERS = {
  worker: 'src/pipeline/hash/worker.ts',
  'read-worker': 'src/pipeline/import/read-worker.ts',
  'image-worker': 'src/demo/image-worker.ts',
};

const OUT = 'dist/cli';
const CHUNKS = join(OUT, 'chunks');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const external = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]
  .filter((d) => !BUNDLED.includes(d))
  .flatMap((d) => [d, `${d}/*`]);

rmSync(CHUNKS, { recursive: true, force: true });
const result = await build({
  entryPoints: [
    { in: 'src/cli/main.ts', out: 'main' },
    ...Object.entries(WORKERS).map(([out, file]) => ({ in: file, out: `chunks/${out}` })),
  ],
  outdir: OUT,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  keepNames: true,
  // Fewer bytes for Node to read, decode and parse on every start (comments dropped, ASCII only): ≈ half the size.
  minify: true,
  sourcemap: 'linked',
  plugins: [requirePlugin],
  metafile: true,
  logLevel: 'warning',
});

const problems = [];
// Every bundled input is ours or an allowed library: a new import of another package must be listed above.
for (const input of Object.keys(result.metafile.inputs)) {
  const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
  if (name && !BUNDLED.includes(name)) problems.push(`${input}: bundled, but ${name} is not in BUNDLED`);
}
// The output is minified: look for `<fn>("<worker>",import.meta.url` and REQUIRED's `<fn>(import.meta.url)("<pkg>")`.
const requireCall = new RegExp(`[\\w$]+\\(import\\.meta\\.url\\)\\("(?:${REQUIRED.join('|')})"\\)`, 'g');
const started = new Set();
for (const [out, meta] of Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.js'))) {
  const text = readFileSync(out, 'utf8');
  // Paths relative to the module (workers, ../../web, createRequire) hold only from dist/cli/chunks/; a package
  // loaded for REQUIRED resolves from node_modules wherever the file is.
  if (text.replace(requireCall, '').includes('import.meta.url') && relative(CHUNKS, dirname(out)) !== '')
    problems.push(`${out}: reads import.meta.url outside ${CHUNKS}/`);
  for (const [, name] of text.matchAll(/\("([\w-]+)",import\.meta\.url\b/g)) {
    started.add(name);
    if (!existsSync(join(dirname(out), `${name}.js`)))
      problems.push(`${out}: starts worker "${name}", but ${name}.js is not beside it (add it to WORKERS)`);
  }
  // zod namespace imports (`import * as z`) let its 60 locales be dropped; `import { z }` keeps them all.
  if (Object.keys(meta.inputs).some((i) => /node_modules\/zod\/v4\/locales\/(?!en\.js)/.test(i)))
    problems.push(`${out}: holds zod's locales (import zod as \`import * as z from 'zod'\`)`);
}
// The worker check above must have found every worker's start (it reads minified text).
for (const name of Object.keys(WORKERS))
  if (!started.has(name))
    problems.push(`worker "${name}": no start of it found in the output (check the pattern)`);
if (problems.length) {
  console.error(`scripts/bundle.mjs:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
