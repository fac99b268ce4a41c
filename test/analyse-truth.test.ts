import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCase } from '../src/app/context.js';
import { analyseCase } from '../src/app/analyse-case.js';
import { builtCase, copyOfBuiltCase } from './helpers/built-case.js';
import { DATABASES } from './helpers/databases.js';

interface TruthImage {
  sha256: string;
  class: string;
  cluster: string;
  variant: string;
  copyOf: string | null;
  originator: string | null;
  firstMessage: { chat: string; message: number; date: string } | null;
}

// Scored against the demo generator's truth (the shared small demo case): on SQLite the analysis `vigie demo` ran,
// on PostgreSQL the analysis run again on the case's PostgreSQL twin.
for (const kind of DATABASES)
  test(`[${kind}] scored against the demo generator truth: new-cluster originators and first messages, copies with originals`, async (t) => {
    const demo =
      kind === 'sqlite' ? await builtCase('demo-small') : await copyOfBuiltCase('demo-small', kind);
    if (kind !== 'sqlite') {
      const rw = await openCase(demo.caseDir);
      try {
        await analyseCase(rw);
      } finally {
        await rw.close();
      }
    }
    const ctx = await openCase(demo.caseDir, { readonly: true });
    try {
      const truth = JSON.parse(readFileSync(join(demo.out, 'truth.json'), 'utf8')) as {
        images: TruthImage[];
      };
      const info = await ctx.store.analysis.clusterInfo();
      const fresh = truth.images.filter((i) => i.class === 'new' && i.variant === 'original');
      assert.ok(fresh.length > 5, 'the small demo has new clusters');
      const wrong: string[] = [];
      for (const img of fresh) {
        const got = info.get(img.sha256);
        if (!got) {
          wrong.push(`${img.sha256.slice(0, 12)}: not analysed`);
          continue;
        }
        const tm = img.firstMessage;
        // truth.json leaves the originator of a channel's own post (no author) null; the analysis names the
        // channel, as `vigie actors` lists channel authors.
        const want = img.originator ?? (tm?.chat.startsWith('telegram:channel') ? tm.chat : null);
        if (got.originator !== want) wrong.push(`${img.cluster}: originator ${got.originator} ≠ ${want}`);
        if (tm && (got.firstMessage?.chat !== tm.chat || got.firstMessage.message !== tm.message))
          wrong.push(
            `${img.cluster}: first message ${JSON.stringify(got.firstMessage)} ≠ ${tm.chat} ${tm.message}`,
          );
        if (tm && got.firstSeen !== new Date(tm.date).toISOString())
          wrong.push(`${img.cluster}: first seen ${got.firstSeen} ≠ ${tm.date}`);
        if (got.clusterStatus !== 'new') wrong.push(`${img.cluster}: status ${got.clusterStatus}`);
      }
      assert.deepEqual(wrong, [], `new clusters scored: ${fresh.length - wrong.length}/${fresh.length}`);
      // Copies whose original file is in the case (an original can be absent when only copies were exported).
      const inCase = new Set(truth.images.map((i) => i.sha256));
      const copies = truth.images.filter((i) => i.copyOf !== null && inCase.has(i.copyOf));
      const split = copies.filter((c) => info.get(c.sha256)?.cluster !== info.get(c.copyOf!)?.cluster);
      assert.deepEqual(
        split.map((c) => `${c.cluster} ${c.variant}`),
        [],
        `re-encoded copies in their original's cluster: ${copies.length - split.length}/${copies.length}`,
      );
      const byTruthCluster = new Map<string, Set<string>>();
      for (const i of truth.images) {
        const set = byTruthCluster.get(i.cluster) ?? new Set<string>();
        set.add(info.get(i.sha256)?.cluster ?? 'none');
        byTruthCluster.set(i.cluster, set);
      }
      const ours = new Map<string, Set<string>>();
      for (const [t, set] of byTruthCluster)
        for (const c of set) ours.set(c, (ours.get(c) ?? new Set()).add(t));
      const merged = [...ours].filter(([, t]) => t.size > 1).map(([c, t]) => `${c}: ${[...t].join(', ')}`);
      assert.deepEqual(merged, [], 'no two truth clusters merged');
      const statusWrong = truth.images.filter((i) => info.get(i.sha256)?.clusterStatus !== i.class);
      assert.deepEqual(
        statusWrong.map(
          (i) => `${i.cluster} ${i.variant}: ${info.get(i.sha256)?.clusterStatus} ≠ ${i.class}`,
        ),
        [],
        'every image’s cluster status is its truth class (known / new / ignored)',
      );
      t.diagnostic(
        `new clusters ${fresh.length}, copies ${copies.length}, truth clusters ${byTruthCluster.size}, ours ${ours.size}`,
      );
    } finally {
      await ctx.close();
    }
  });
