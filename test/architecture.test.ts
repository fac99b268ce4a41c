import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

// The layer table of ../shared/design/README.md: which top-level module under src/ may import which.
const ALLOWED: Record<string, string[]> = {
  domain: [],
  signals: ['domain'],
  pipeline: ['domain', 'signals'],
  formats: ['domain', 'signals'],
  // The demo generator feeds the pipeline (it is not a stage); it reuses the pipeline's PDQ of a file, FFmpeg
  // runner, HTML building blocks and worker threads to write realistic exports.
  demo: ['domain', 'signals', 'pipeline'],
  store: ['domain'],
  app: ['domain', 'signals', 'pipeline', 'formats', 'store', 'demo', 'referral'],
  // The CLI starts the server (`vigie serve`); the server reaches cases and people only through use cases.
  cli: ['app', 'domain', 'contracts', 'server'],
  server: ['app', 'domain', 'contracts'],
  contracts: ['domain'],
  // Referral packages (issue 16): pure builders of files from plain data (BagIt, CASE/UCO, VICS, reports).
  referral: ['domain'],
};

const SRC = resolve('src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') || p.endsWith('.tsx') ? [p] : [];
  });
}

function layerOf(file: string): string {
  return relative(SRC, file).split(/[\\/]/)[0]!;
}

test('every import under src/ respects the layer table', () => {
  const violations: string[] = [];
  for (const file of files(SRC)) {
    if (file.endsWith('.test.ts')) continue;
    const from = layerOf(file);
    const allowed = ALLOWED[from];
    if (!allowed) {
      violations.push(`${relative('.', file)}: module '${from}' is not in the layer table`);
      continue;
    }
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(
      /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
    )) {
      const spec = m[1] ?? m[2]!;
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(SRC)) {
        violations.push(`${relative('.', file)}: imports '${spec}' outside src/`);
        continue;
      }
      const to = layerOf(target);
      if (to !== from && !allowed.includes(to)) {
        violations.push(`${relative('.', file)}: '${from}' may not import '${to}' ('${spec}')`);
      }
    }
  }
  assert.deepEqual(violations, []);
});

/** Which driver packages only which store folder may import; `kysely` stays behind the port (not in app/, cli/). */
const DRIVERS: readonly { pkg: RegExp; only: string }[] = [
  { pkg: /^better-sqlite3(\/|$)/, only: 'store/sqlite/' },
  { pkg: /^(pg|pg-copy-streams|pg-boss)(\/|$)/, only: 'store/postgres/' },
];

/** The bare package names a file imports (static, type-only, re-exports and dynamic imports). */
export function packagesOf(src: string): string[] {
  return [
    ...src.matchAll(
      /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ]
    .map((m) => m[1] ?? m[2] ?? m[3]!)
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:'));
}

test('only src/store/sqlite/ imports better-sqlite3, only src/store/postgres/ imports pg; app/ and cli/ never kysely', () => {
  const violations: string[] = [];
  for (const file of files(SRC)) {
    const rel = relative(SRC, file).split(/[\\/]/).join('/');
    for (const pkg of packagesOf(readFileSync(file, 'utf8'))) {
      for (const d of DRIVERS)
        if (d.pkg.test(pkg) && !rel.startsWith(d.only))
          violations.push(`src/${rel}: imports '${pkg}' (only src/${d.only} may)`);
      if (/^kysely(\/|$)/.test(pkg) && (rel.startsWith('app/') || rel.startsWith('cli/')))
        violations.push(`src/${rel}: imports '${pkg}' (the store port hides it)`);
    }
  }
  assert.deepEqual(violations, []);
});

test('the driver rule sees every form of import', () => {
  const src = [
    "import Database from 'better-sqlite3';",
    "import type { Pool } from 'pg';",
    "export { sql } from 'kysely';",
    "const c = await import('pg-copy-streams');",
    "import 'pg-boss';",
    "import { x } from './local.js';",
  ].join('\n');
  assert.deepEqual(packagesOf(src), ['better-sqlite3', 'pg', 'kysely', 'pg-copy-streams', 'pg-boss']);
});

test('the web app imports nothing from src/ but contracts', () => {
  let webFiles: string[] = [];
  try {
    webFiles = files(resolve('web/src'));
  } catch {
    return;
  }
  const bad = webFiles.flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/from\s+['"]([^'"]*\/src\/([^/'"]+)[^'"]*)['"]/g)]
      .filter((m) => m[2] !== 'contracts')
      .map((m) => `${relative('.', f)}: ${m[1]}`),
  );
  assert.deepEqual(bad, []);
});

test('source files stay under ~300 lines', () => {
  const long = files(SRC)
    .map((f) => ({ f: relative('.', f), n: readFileSync(f, 'utf8').split('\n').length }))
    .filter((x) => x.n > 400);
  assert.deepEqual(long, []);
});
