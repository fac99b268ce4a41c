/** Render every planned image file in worker threads (one per core), clusters as jobs. */
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../pipeline/worker-thread.js';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ImageFile } from './model.js';
import type { RenderJob, RenderResult } from './image-worker.js';

function startWorker(): Worker {
  return startModuleWorker('image-worker', import.meta.url);
}

/** Files whose PDQ goes into a hash list: originals of known and ignored clusters. */
export function wantPdq(f: ImageFile): boolean {
  return f.variant === 'original' && f.cls !== 'new';
}

/** Render all files into `dir` as `<idx>.jpg`, filling `file.rendered`; `onProgress(done, total)`. */
export async function renderImages(
  files: ImageFile[],
  dir: string,
  opts: { workers?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<void> {
  const byCluster = new Map<number, ImageFile[]>();
  for (const f of files) {
    const list = byCluster.get(f.cluster) ?? [];
    list.push(f);
    byCluster.set(f.cluster, list);
  }
  const jobs: RenderJob[] = [...byCluster.values()].map((list) => ({
    jobs: list.map((f) => ({ idx: f.idx, spec: f.spec, path: join(dir, `${f.idx}.jpg`), pdq: wantPdq(f) })),
  }));
  const n = Math.max(1, Math.min(opts.workers ?? availableParallelism(), jobs.length));
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from(
        { length: n },
        () =>
          new Promise<void>((resolve, reject) => {
            const w = startWorker();
            workers.push(w);
            const feed = (): void => {
              const job = jobs[next++];
              if (job) w.postMessage(job);
              else resolve();
            };
            w.on('message', (r: RenderResult) => {
              if (r.error) return reject(new Error(`image rendering failed: ${r.error}`));
              for (const x of r.results) {
                files[x.idx]!.rendered = x.image;
                if (x.pdq) files[x.idx]!.pdq = x.pdq;
              }
              done += r.results.length;
              opts.onProgress?.(done, files.length);
              feed();
            });
            w.on('error', reject);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
