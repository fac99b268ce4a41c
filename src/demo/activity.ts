/** When actors are active: a daily rhythm in each actor's local time, shifted by a personal chronotype. */
import type { Rng } from './prng.js';
import { fromWallClock, wallClock } from './tz.js';
import type { Actor } from './model.js';

const HOURS = Array.from({ length: 24 }, (_, h) => h);
/** Relative activity per local hour (evening peak, quiet nights). */
const WEIGHTS = [2, 1, 0.5, 0.3, 0.2, 0.3, 1, 2, 3, 3, 3, 3, 4, 4, 3, 3, 3, 4, 5, 6, 7, 7, 6, 4];

/** A UTC epoch second in [lo, hi] at an hour the actor is plausibly awake. */
export function activeTime(rng: Rng, a: Actor, lo: number, hi: number): number {
  if (hi <= lo) return Math.floor(lo);
  for (let k = 0; k < 12; k++) {
    const w = wallClock(Math.floor(rng.range(lo, hi)), a.tz);
    const hour = rng.weighted(HOURS, WEIGHTS) + Math.round(a.chrono);
    const t = fromWallClock({ ...w, hour, minute: rng.int(0, 59), second: rng.int(0, 59) }, a.tz);
    if (t >= lo && t <= hi) return t;
  }
  return Math.floor(rng.range(lo, hi));
}
