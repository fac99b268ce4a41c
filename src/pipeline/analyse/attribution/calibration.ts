/**
 * Calibration of the final probability: an isotonic (pool-adjacent-violators) map from the model's top posterior to
 * the observed share of right answers, fitted on the generator's truth of demo cases (scripts/fit-calibration.mjs)
 * and shipped as calibration.json with the version, seeds and date that made it (ADR 0026).
 */
import shipped from './calibration.json' with { type: 'json' };

/** A monotone, piecewise-linear map [0, 1] → [0, 1] and where it came from. */
export interface CalibrationMap {
  readonly method: string;
  readonly vigieVersion: string;
  readonly created: string;
  readonly scale: string;
  readonly seeds: readonly string[];
  /** Other generated cases added to the fit (`medium seed 2`). */
  readonly also?: readonly string[];
  /** Posting actors the map was fitted on. */
  readonly actors: number;
  /** Knots [raw, calibrated], raw strictly increasing, calibrated non-decreasing. */
  readonly points: ReadonlyArray<readonly [number, number]>;
}

/** A map read from JSON, checked: knots in [0, 1], raw increasing, calibrated non-decreasing (throws otherwise). */
export function checkCalibration(m: unknown, where: string): CalibrationMap {
  const map = m as CalibrationMap;
  const pts = Array.isArray(map?.points) ? map.points : null;
  const bad = (why: string): never => {
    throw new Error(`${where}: invalid calibration map: ${why}`);
  };
  if (!pts || pts.length === 0) return bad('no points');
  pts.forEach((p, i) => {
    if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => typeof v === 'number' && v >= 0 && v <= 1))
      bad(`point ${i} is not [raw, calibrated] in [0, 1]`);
    const prev = pts[i - 1];
    if (prev && (p[0] < prev[0] || p[1] < prev[1])) bad(`point ${i} breaks monotonicity`);
  });
  return map;
}

/** The map shipped with this version (src/pipeline/analyse/attribution/calibration.json). */
export const SHIPPED_CALIBRATION: CalibrationMap = checkCalibration(
  shipped as unknown,
  'src/pipeline/analyse/attribution/calibration.json',
);

/** Calibrated probability of a raw top posterior: linear between knots, flat beyond the first and last. */
export function calibrate(map: CalibrationMap, raw: number): number {
  const pts = map.points;
  if (pts.length === 0) return raw;
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  if (raw <= first[0]) return first[1];
  if (raw >= last[0]) return last[1];
  let lo = 0;
  let hi = pts.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (pts[mid]![0] <= raw) lo = mid;
    else hi = mid;
  }
  const [x0, y0] = pts[lo]!;
  const [x1, y1] = pts[hi]!;
  return x1 === x0 ? y1 : y0 + ((y1 - y0) * (raw - x0)) / (x1 - x0);
}

/** Short description of a map for run details and reports. */
export function describeCalibration(map: CalibrationMap): Record<string, unknown> {
  return {
    method: map.method,
    vigieVersion: map.vigieVersion,
    created: map.created,
    scale: map.scale,
    seeds: map.seeds,
    also: map.also ?? [],
    actors: map.actors,
    knots: map.points.length,
  };
}

/**
 * Isotonic regression by pool adjacent violators on (raw, right) pairs: blocks of equal raw are pooled first, each
 * block's rate is smoothed as (right + 0.5) / (n + 1) so no knot is exactly 0 or 1, and the knots sit at each
 * block's mean raw value. Deterministic: pairs are sorted by raw value, ties pooled.
 */
export function fitIsotonic(pairs: ReadonlyArray<{ raw: number; right: boolean }>): Array<[number, number]> {
  const sorted = [...pairs].sort((a, b) => a.raw - b.raw || Number(a.right) - Number(b.right));
  interface Block {
    n: number;
    hits: number;
    sumX: number;
  }
  const blocks: Block[] = [];
  for (const p of sorted) {
    const last = blocks[blocks.length - 1];
    const x = p.raw;
    if (last && last.sumX / last.n === x) {
      last.n++;
      last.hits += p.right ? 1 : 0;
      last.sumX += x;
    } else blocks.push({ n: 1, hits: p.right ? 1 : 0, sumX: x });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.hits / a.n < b.hits / b.n) break;
      blocks.splice(blocks.length - 2, 2, { n: a.n + b.n, hits: a.hits + b.hits, sumX: a.sumX + b.sumX });
    }
  }
  const out: Array<[number, number]> = [];
  let floor = 0;
  for (const b of blocks) {
    floor = Math.max(floor, (b.hits + 0.5) / (b.n + 1));
    out.push([round(b.sumX / b.n), round(floor)]);
  }
  return out;
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
