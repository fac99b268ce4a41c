/** Worker thread: renders clusters of images and writes them with their MD5, SHA-1 and SHA-256. */
import { parentPort } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { renderJpeg } from './render.js';
import { pdqOfFile } from '../pipeline/hash/pdq-file.js';
import type { ImageSpec, RenderedImage } from './model.js';

/** One job: files of one cluster. */
export interface RenderJob {
  jobs: { idx: number; spec: ImageSpec; path: string; pdq: boolean }[];
}

/** The worker's answer for one job. */
export interface RenderResult {
  results: { idx: number; image: RenderedImage; pdq?: string }[];
  error?: string;
}

sharp.concurrency(1);
sharp.cache(false);

parentPort?.on('message', (job: RenderJob) => {
  void (async () => {
    const results: RenderResult['results'] = [];
    const cache = new Map<string, Buffer>();
    try {
      for (const j of job.jobs) {
        const buf = await renderJpeg(j.spec, cache);
        writeFileSync(j.path, buf);
        const pdq = j.pdq ? (await pdqOfFile(buf, { convention: 'full' })).hash : undefined;
        results.push({
          idx: j.idx,
          pdq,
          image: {
            path: j.path,
            size: buf.length,
            width: j.spec.width,
            height: j.spec.height,
            md5: createHash('md5').update(buf).digest('hex'),
            sha1: createHash('sha1').update(buf).digest('hex'),
            sha256: createHash('sha256').update(buf).digest('hex'),
          },
        });
      }
      parentPort?.postMessage({ results } satisfies RenderResult);
    } catch (e) {
      parentPort?.postMessage({ results, error: (e as Error).message } satisfies RenderResult);
    }
  })();
});
