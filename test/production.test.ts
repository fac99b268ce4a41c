// Issue 19 on the shared small demo case (truth.json): self-production assessed per new cluster, mirrored and
// rotated copies clustered with their original, the case's own accounts never targets, `uncertain` never new.
// SQLite reads what `vigie demo` found; PostgreSQL runs the analysis and triage again on the case's twin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCase } from '../src/app/context.js';
import { analyseCase } from '../src/app/analyse-case.js';
import { scoreTargets } from '../src/app/score-targets.js';
import { listMedia } from '../src/app/list-media.js';
import { listTargets } from '../src/app/list-targets.js';
import { listActors } from '../src/app/list-actors.js';
import { caseStats } from '../src/app/case-stats.js';
import { builtCase, copyOfBuiltCase } from './helpers/built-case.js';
import { caseSql } from './helpers/case-sql.js';
import { DATABASES } from './helpers/databases.js';

interface TruthImage {
  sha256: string;
  class: string;
  cluster: string;
  variant: string;
  copyOf: string | null;
  selfProduced: boolean | null;
  originator: string | null;
}
interface Truth {
  images: TruthImage[];
  accounts: Array<{ label: string; id: string }>;
}

for (const kind of DATABASES)
  test(`[${kind}] self-production, flipped copies, own accounts and uncertain media against the demo truth`, async (t) => {
    const demo =
      kind === 'sqlite' ? await builtCase('demo-small') : await copyOfBuiltCase('demo-small', kind);
    const truth = JSON.parse(readFileSync(join(demo.out, 'truth.json'), 'utf8')) as Truth;
    if (kind !== 'sqlite') {
      const rw = await openCase(demo.caseDir);
      try {
        await analyseCase(rw);
        await scoreTargets(rw);
      } finally {
        await rw.close();
      }
    }
    const ctx = await openCase(demo.caseDir, { readonly: true });
    try {
      const fresh = await listMedia(ctx, { statuses: ['new'] });
      const bySha = new Map(fresh.map((m) => [m.sha256, m]));
      // Confusion table: truth (self-produced or an ordinary member's unlisted photo) × assessment.
      // A producer's picture first seen in the case as a forward (its first post is in no export) has no poster to
      // assess: it is reported apart.
      const table: Record<string, Record<string, number>> = { self: {}, forwarded: {}, unlisted: {} };
      const wrongSelf: string[] = [];
      let unlisted = 0;
      let unlistedUnlikely = 0;
      for (const img of truth.images.filter((i) => i.class === 'new' && i.variant === 'original')) {
        const a = bySha.get(img.sha256)?.production?.assessment ?? 'none';
        const key = !img.selfProduced ? 'unlisted' : img.originator ? 'self' : 'forwarded';
        const row = table[key]!;
        row[a] = (row[a] ?? 0) + 1;
        if (key === 'self' && a !== 'likely') wrongSelf.push(`${img.cluster}: ${a}`);
        if (!img.selfProduced) {
          unlisted++;
          if (a === 'unlikely') unlistedUnlikely++;
        }
      }
      const line = (k: string) =>
        `${k.padEnd(9)} likely ${table[k]!['likely'] ?? 0}, possible ${table[k]!['possible'] ?? 0}, unlikely ${table[k]!['unlikely'] ?? 0}, none ${table[k]!['none'] ?? 0}`;
      t.diagnostic(
        `production confusion (truth × assessment):\n${line('self')}\n${line('forwarded')}\n${line('unlisted')}`,
      );
      assert.deepEqual(wrongSelf, [], 'every producer’s new cluster (each of a series) is assessed likely');
      assert.ok(unlisted > 0, 'the demo has unlisted photos of ordinary members');
      assert.ok(
        unlistedUnlikely * 2 > unlisted,
        `unlisted photos mostly unlikely: ${unlistedUnlikely}/${unlisted}`,
      );
      const series = fresh.filter((m) =>
        (m.production?.signals as Array<{ signal: string }> | undefined)?.some((s) => s.signal === 'series'),
      );
      assert.ok(series.length > 0, 'producers’ series are found');
      assert.ok(
        series.every((m) => m.production?.assessment === 'likely'),
        'every cluster of a series is likely',
      );
      const likely = await listMedia(ctx, { statuses: ['new'], production: ['likely'] });
      assert.ok(likely.length > 0 && likely.every((m) => m.production?.assessment === 'likely'));

      // Mirrored and rotated re-posts join their original's cluster.
      const all = new Map((await listMedia(ctx)).map((m) => [m.sha256, m]));
      const flips = truth.images.filter((i) => i.variant === 'mirrored' || i.variant === 'rotated');
      assert.ok(flips.some((f) => f.variant === 'mirrored') && flips.some((f) => f.variant === 'rotated'));
      const split = flips.filter(
        (f) => f.copyOf && all.has(f.copyOf) && all.get(f.sha256)?.cluster !== all.get(f.copyOf)?.cluster,
      );
      assert.deepEqual(
        split.map((f) => `${f.cluster} ${f.variant}`),
        [],
        'flipped copies with their original',
      );

      // The case's own accounts: never targets, marked in the actors listing, outside centrality.
      const own = new Set(truth.accounts.map((a) => a.id));
      const targets = await listTargets(ctx, {});
      assert.ok(targets.length > 0);
      assert.deepEqual(
        targets.filter((x) => own.has(x.actor)).map((x) => `${x.actor} rank ${x.rank}`),
        [],
        'no undercover account among the targets',
      );
      const actors = (await listActors(ctx)).filter((a) => own.has(a.id));
      assert.ok(actors.length > 0, 'the undercover accounts are actors of the case');
      for (const a of actors) {
        assert.equal(a['undercover'], true, `${a.id} is marked undercover`);
        assert.equal(a.pagerank, null, `${a.id} has no centrality`);
      }
    } finally {
      await ctx.close();
    }
    if (kind === 'sqlite') return;
    // A hashed, unmatched media whose PDQ quality falls under 50 is `uncertain`: out of the new counts and clusters.
    const before = await openCase(demo.caseDir, { readonly: true });
    const news = await listMedia(before, { statuses: ['new'] });
    const size = new Map<string | null, number>();
    for (const m of news) size.set(m.cluster, (size.get(m.cluster) ?? 0) + 1);
    const victim = news.find((m) => size.get(m.cluster) === 1);
    const counted = (await caseStats(before)).newMedia;
    await before.close();
    assert.ok(victim);
    await caseSql(
      demo.caseDir,
      `UPDATE signal SET quality = 12 WHERE sha256 = ? AND type = 'pdq'`,
      victim.sha256,
    );
    const rw = await openCase(demo.caseDir);
    try {
      const r = await analyseCase(rw);
      assert.ok(r.clustersByStatus.uncertain >= 1);
      const stats = await caseStats(rw);
      assert.equal(stats.newMedia, counted - 1, 'an uncertain media is not counted as new');
      assert.equal(stats.uncertainMedia, 1);
      const [item] = (await listMedia(rw, { statuses: ['uncertain'] })).filter(
        (m) => m.sha256 === victim.sha256,
      );
      assert.equal(item?.status, 'uncertain');
      assert.equal(item.production, undefined, 'an uncertain media is no production signal');
      assert.ok(!(await listMedia(rw, { statuses: ['new'] })).some((m) => m.sha256 === victim.sha256));
    } finally {
      await rw.close();
    }
  });
