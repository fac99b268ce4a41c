/** The synthetic case generator: Telegram exports, returns, hash lists and truth.json from a seed and a scale. */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../domain/errors.js';
import { Rng } from './prng.js';
import { buildWorld } from './social.js';
import { planMedia } from './media-plan.js';
import { buildTimeline } from './timeline.js';
import { boxIds, editBetweenExports, planExports } from './export-plan.js';
import { renderImages } from './images.js';
import { writeExport, type Observation } from './export-json.js';
import { buildReturns } from './returns.js';
import { buildHashLists, type HashListInfo } from './hashlists.js';
import { buildTruth } from './truth.js';
import { writeDemoVideos } from './videos.js';
import type { Scale } from './model.js';

export { SCALES, type Scale } from './model.js';
export type { HashListInfo } from './hashlists.js';

/** Options of generateCase. */
export interface GenerateOptions {
  out: string;
  scale: Scale;
  seed: string | number;
  workers?: number;
  /** Also write each current-era export's HTML twin (tdesktop "Both"); default true. */
  html?: boolean;
  /** Also generate the synthetic video clips, their export, a known-video list and `truth.videos` (needs FFmpeg). */
  videos?: boolean;
  onProgress?: (stage: string, done: number, total: number) => void;
}

/** An export folder and what importing it needs. */
export interface GeneratedExport {
  path: string;
  account: string;
  /** The collecting account's user id (`telegram:userN`): the case knows its own accounts. */
  accountId?: string;
  tz: string;
  needsTz: boolean;
}

/** What was generated, where, and how long each stage took (ms). */
export interface GenerateResult {
  out: string;
  truthPath: string;
  returnsPath: string;
  exports: GeneratedExport[];
  hashlists: Array<HashListInfo & { file: string }>;
  counts: Record<string, number>;
  timings: Record<string, number>;
}

const OWNED = ['exports', 'returns', 'hashlists', 'truth.json', 'case', '.staging'];

function prepareOut(out: string): void {
  if (existsSync(out) && readdirSync(out).length > 0) {
    const truth = join(out, 'truth.json');
    const ours = existsSync(truth) && readFileSync(truth, 'utf8').includes('"name": "vigie demo"');
    if (!ours)
      throw new AppError(
        'USAGE',
        `${out}: exists and is not a folder written by vigie demo; choose another --out`,
      );
    for (const p of OWNED) rmSync(join(out, p), { recursive: true, force: true });
  }
  mkdirSync(out, { recursive: true });
}

/** Generate a whole synthetic case under `opts.out`; the same seed and scale give byte-identical files. */
export async function generateCase(opts: GenerateOptions): Promise<GenerateResult> {
  const out = resolve(opts.out);
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (stage: string): void => {
    const t = performance.now();
    timings[stage] = Math.round(t - t0);
    t0 = t;
  };
  prepareOut(out);
  const seed = String(opts.seed);
  const root = new Rng(`vigie-demo/${seed}`);
  const world = buildWorld(seed, opts.scale);
  const { files, posts } = planMedia(root.fork('media'), world);
  const perChat = buildTimeline(root.fork('timeline'), world, posts);
  const edited = editBetweenExports(root.fork('edit'), perChat);
  const ids = boxIds(root.fork('box'), world, perChat);
  const plans = planExports(world);
  lap('plan');

  const stage = join(out, '.staging');
  mkdirSync(stage, { recursive: true });
  await renderImages(files, stage, {
    workers: opts.workers,
    onProgress: (d, n) => opts.onProgress?.('images', d, n),
  });
  lap('images');

  const obs: Observation[] = [];
  plans.forEach((p, i) => {
    obs.push(
      ...writeExport(
        world,
        perChat,
        p,
        out,
        stage,
        files,
        ids.get(p.account.uid) ?? new Map(),
        opts.html ?? true,
      ),
    );
    opts.onProgress?.('exports', i + 1, plans.length);
  });
  lap('exports');

  const posters = new Set(obs.filter((o) => !o.service && o.author !== 0).map((o) => o.author));
  const returns = buildReturns(root.fork('returns'), world, posters);
  const returnsPath = join(out, 'returns', 'returns.csv');
  mkdirSync(dirname(returnsPath), { recursive: true });
  writeFileSync(returnsPath, returns.csv);
  lap('returns');

  const shownIdx = new Set(obs.filter((o) => o.image !== undefined).map((o) => o.image!));
  const { docs, lists } = buildHashLists(root.fork('hashlists'), files, shownIdx);
  for (const [rel, text] of docs) {
    mkdirSync(dirname(join(out, rel)), { recursive: true });
    writeFileSync(join(out, rel), text);
  }
  lap('hashlists');

  const truth = buildTruth({
    world,
    files,
    obs,
    plans,
    lists,
    returns: returns.truth,
    editedKey: edited?.key,
  });
  const hashlists = lists.map((l) => ({ ...l, file: join(out, l.path) }));
  const exportsOut: GeneratedExport[] = plans.map((p) => ({
    path: join(out, p.dir),
    account: p.account.label!,
    accountId: `telegram:user${p.account.uid}`,
    tz: p.tz,
    needsTz: p.era === 'v2.4',
  }));
  if (opts.videos) {
    const v = await writeDemoVideos(out);
    exportsOut.push({ path: v.exportDir, account: 'demo-clips', tz: 'UTC', needsTz: false });
    const inCase = v.videos.filter((x) => x.known).length;
    hashlists.push({ ...v.list, entries: v.listEntries, inCase });
    truth['videos'] = v.videos;
    lap('videos');
  }
  const truthPath = join(out, 'truth.json');
  writeFileSync(truthPath, JSON.stringify(truth, null, 1) + '\n');
  rmSync(stage, { recursive: true, force: true });
  lap('truth');

  return {
    out,
    truthPath,
    returnsPath,
    exports: exportsOut,
    hashlists,
    counts: truth['counts'] as Record<string, number>,
    timings,
  };
}
