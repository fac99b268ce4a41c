// SQLite only: a property over 60 fresh anchored cases, triggers dropped with SQLite's DDL (docs/testing.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import './helpers/cli.js';
import { initCase } from '../src/app/init-case.js';
import { openCase, type CaseContext } from '../src/app/context.js';
import { checkAnchors } from '../src/app/check-anchors.js';
import { anchorCaseHead } from '../src/app/anchor-head.js';
import { auditHash, type AuditEvent } from '../src/store/audit.js';
import { createKey } from '../src/store/keys.js';
import { caseFile, closeCaseFile } from './helpers/case-file.js';

/** Runs per property: bounded by default; VIGIE_FUZZ_RUNS=5000 for a long run. */
const RUNS = Number(process.env['VIGIE_FUZZ_RUNS'] ?? 60);

/** A case with `n` audit events, each anchored as a command would (signed when `signed`). */
async function anchoredCase(
  n: number,
  signed: boolean,
): Promise<{ ctx: CaseContext; env: NodeJS.ProcessEnv }> {
  const root = mkdtempSync(join(tmpdir(), 'vigie-tamper-'));
  const env = { ...process.env, VIGIE_ANCHOR_DIR: join(root, 'anchors'), VIGIE_KEY_DIR: join(root, 'keys') };
  if (signed) createKey(env.VIGIE_KEY_DIR, 'UNIT', true);
  const saved = { a: process.env['VIGIE_ANCHOR_DIR'], k: process.env['VIGIE_KEY_DIR'] };
  process.env['VIGIE_ANCHOR_DIR'] = env.VIGIE_ANCHOR_DIR;
  process.env['VIGIE_KEY_DIR'] = env.VIGIE_KEY_DIR;
  try {
    await initCase({ dir: join(root, 'case') });
    const ctx = await openCase(join(root, 'case'), { readonly: false });
    for (let i = 2; i <= n; i++) {
      await ctx.store.audit.append({ user: 'u', command: `cmd${i}`, subject: 's', details: { i } });
      await anchorCaseHead(ctx, env);
    }
    return { ctx, env };
  } finally {
    process.env['VIGIE_ANCHOR_DIR'] = saved.a;
    process.env['VIGIE_KEY_DIR'] = saved.k;
  }
}

function dropTriggers(ctx: CaseContext): void {
  caseFile(ctx).exec('DROP TRIGGER audit_event_no_update; DROP TRIGGER audit_event_no_delete;');
}

/** The forgeries a careful tester tries; each must leave verify failing. */
type Tamper =
  | { kind: 'cut'; keep: number }
  | { kind: 'rewrite'; from: number; user: string }
  | { kind: 'journal-byte'; line: number; at: number };

const tamperArb = (n: number): fc.Arbitrary<Tamper> =>
  fc.oneof(
    fc.integer({ min: 1, max: n - 1 }).map((keep) => ({ kind: 'cut' as const, keep })),
    fc
      .record({ from: fc.integer({ min: 1, max: n }), user: fc.string({ minLength: 1, maxLength: 8 }) })
      .map((r) => ({ kind: 'rewrite' as const, ...r })),
    fc
      .record({ line: fc.integer({ min: 0, max: n - 1 }), at: fc.nat() })
      .map((r) => ({ kind: 'journal-byte' as const, ...r })),
  );

async function apply(ctx: CaseContext, t: Tamper, journal: string): Promise<boolean> {
  const raw = caseFile(ctx);
  if (t.kind === 'cut') {
    raw.prepare('DELETE FROM audit_event WHERE seq > ?').run(t.keep);
    return true;
  }
  if (t.kind === 'rewrite') {
    const events = raw.prepare('SELECT * FROM audit_event ORDER BY seq').all() as AuditEvent[];
    if (events[t.from - 1]!.user === t.user) return false;
    let prev = events[t.from - 2]?.hash ?? '0'.repeat(64);
    const upd = raw.prepare(
      'UPDATE audit_event SET user=@user, prev_hash=@prev_hash, hash=@hash WHERE seq=@seq',
    );
    for (const e of events.slice(t.from - 1)) {
      if (e.seq === t.from) e.user = t.user;
      e.prev_hash = prev;
      e.hash = auditHash(e);
      prev = e.hash;
      upd.run(e);
    }
    assert.equal(await ctx.store.audit.check(), null, 'the forged chain walks cleanly');
    return true;
  }
  // Change one character of one field of one journal line, keeping the line well-formed (hex stays hex).
  const lines = readFileSync(journal, 'utf8').trimEnd().split('\n');
  const obj = JSON.parse(lines[t.line]!) as Record<string, unknown>;
  const fields = ['head', 'seq', 'user', 'command', 'at', 'dir', 'sig'] as const;
  const f = fields[t.at % fields.length]!;
  const v = String(obj[f]);
  const i = t.at % v.length;
  const c = v[i]!;
  const flipped = /[0-9a-f]/.test(c) ? (c === '0' ? '1' : '0') : c === 'A' ? 'B' : 'A';
  const swapped = v.slice(0, i) + flipped + v.slice(i + 1);
  // A base64 character whose change only touches padding bits is no change at all.
  if (f === 'sig' && Buffer.from(swapped, 'base64').equals(Buffer.from(v, 'base64'))) return false;
  obj[f] = f === 'seq' ? Number(obj[f]) + 1 + (t.at % 3) : swapped;
  lines[t.line] = JSON.stringify(obj);
  writeFileSync(journal, lines.join('\n') + '\n');
  return true;
}

test('property: no cut, consistent rewrite or journal edit of an anchored case passes verify', async (tc) => {
  const n = 6;
  let tried = 0;
  const byKind: Record<string, number> = {};
  await fc.assert(
    fc.asyncProperty(tamperArb(n), fc.boolean(), async (t, signed) => {
      if (t.kind === 'journal-byte' && !signed) return; // an unsigned journal's lines can be edited: ADR 0011
      const { ctx, env } = await anchoredCase(n, signed);
      try {
        const before = await checkAnchors(ctx, env);
        assert.deepEqual(before.problems, [], 'the untouched case verifies');
        dropTriggers(ctx);
        if (!(await apply(ctx, t, before.journal!))) return;
        tried++;
        byKind[`${t.kind}${signed ? ' signed' : ''}`] =
          (byKind[`${t.kind}${signed ? ' signed' : ''}`] ?? 0) + 1;
        const after = await checkAnchors(ctx, env);
        assert.ok(after.problems.length > 0, `not caught: ${JSON.stringify(t)} signed=${signed}`);
      } finally {
        closeCaseFile(ctx);
        await ctx.store.close();
      }
    }),
    { numRuns: RUNS, seed: Number(process.env['VIGIE_FUZZ_SEED'] ?? 12) },
  );
  tc.diagnostic(`forgeries tried and caught: ${tried} ${JSON.stringify(byKind)}`);
  assert.ok(tried > RUNS / 3);
});
