// The demo's synthetic videos (`vigie demo --videos`): generated deterministically with FFmpeg, imported, hashed,
// matched and clustered, the case agrees with their truth: the known scene's original, trimmed, re-encoded and
// overlaid copies are known and share one cluster credited to the first poster; the other scenes are new, the
// re-encoded copy of the counter scene clusters with its original.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDemoVideos } from '../src/demo/videos.js';
import { initCase } from '../src/app/init-case.js';
import { openCase } from '../src/app/context.js';
import { importSources } from '../src/app/import-sources.js';
import { hashMedia } from '../src/app/hash-media.js';
import { addHashList } from '../src/app/add-hashlist.js';
import { matchMedia } from '../src/app/match-media.js';
import { analyseCase } from '../src/app/analyse-case.js';
import { listMedia } from '../src/app/list-media.js';

test('demo videos: generated twice identically, and the case finds what their truth says', async () => {
  const root = mkdtempSync(join(tmpdir(), 'vigie-vpdq-demo-'));
  const gen = await writeDemoVideos(join(root, 'a'));
  const again = await writeDemoVideos(join(root, 'b'));
  const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
  for (const v of gen.videos)
    assert.equal(sha(join(root, 'a', v.file)), sha(join(root, 'b', v.file)), v.file);
  assert.equal(readFileSync(gen.listPath, 'utf8'), readFileSync(again.listPath, 'utf8'));

  const dir = join(root, 'case');
  await initCase({ dir, name: 'demo videos' });
  const ctx = await openCase(dir);
  try {
    await importSources(ctx, { paths: [gen.exportDir], account: 'demo-clips' });
    const h = await hashMedia(ctx, { workers: 2 });
    assert.equal(h.videos, gen.videos.length);
    await addHashList(ctx, { file: gen.listPath, name: 'known-videos', format: 'hma', role: 'alert' });
    await matchMedia(ctx, {});
    await analyseCase(ctx, {});
    const items = new Map((await listMedia(ctx)).map((m) => [m.sha256, m]));
    const bySha = new Map(gen.videos.map((v) => [sha(join(root, 'a', v.file)), v]));
    const clusterOfScene = new Map<string, Set<string>>();
    for (const [s, v] of bySha) {
      const it = items.get(s)!;
      assert.equal(it.status, v.known ? 'known' : 'new', `${v.scene} ${v.variant}`);
      const set = clusterOfScene.get(v.scene) ?? new Set<string>();
      set.add(it.cluster!);
      clusterOfScene.set(v.scene, set);
    }
    for (const [scene, clusters] of clusterOfScene) assert.equal(clusters.size, 1, `${scene}: one cluster`);
    assert.equal(
      new Set([...clusterOfScene.values()].map((c) => [...c][0])).size,
      3,
      'three scenes, three clusters',
    );
    const pattern = gen.videos
      .filter((v) => v.scene === 'pattern')
      .sort((a, b) => (a.postedAt < b.postedAt ? -1 : 1));
    const first = [...bySha].find(([, v]) => v === pattern[0])![0];
    assert.equal(items.get(first)!.originator, pattern[0]!.poster);
  } finally {
    await ctx.close();
  }
});
