import { zoneOffsetMinutes, zonesOfCountries } from '../pipeline/analyse/attribution/timezone.js';

const DAY = 86_400_000;

/** Per zone, its offset for each UTC day (NaN: the offset changes that day), kept across calls (a server's pages). */
const OFFSETS = new Map<string, Map<number, number>>();

/** An empty 7 × 24 grid (`[weekday 0 = Monday … 6 = Sunday][hour]`). */
function grid(): number[][] {
  return Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
}

/** Count each instant into its weekday × hour cell, shifted by `offsetMin(ms)` minutes. */
function fill(times: readonly number[], offsetMin: (ms: number) => number): number[][] {
  const g = grid();
  for (const t of times) {
    const d = new Date(t + offsetMin(t) * 60_000);
    g[(d.getUTCDay() + 6) % 7]![d.getUTCHours()]!++;
  }
  return g;
}

/** The main zone of a country (the zone the attribution weighs most), or null when it has none. */
export function mainZoneOf(country: string): string | null {
  const zones = zonesOfCountries().get(country);
  if (!zones?.length) return null;
  return zones.reduce((best, z) => (z.w > best.w ? z : best)).zone;
}

/**
 * Weekday × hour activity in UTC and, when a zone is given, in that zone's local time (its offset looked up once
 * per zone and UTC day for the life of the process, and per message on days the offset changes).
 */
export function activityHeatmap(
  times: readonly number[],
  zone: string | null,
): { utc: number[][]; zone: string | null; local: number[][] | null } {
  const utc = fill(times, () => 0);
  if (zone === null) return { utc, zone: null, local: null };
  const perDay = OFFSETS.get(zone) ?? OFFSETS.set(zone, new Map<number, number>()).get(zone)!;
  const offset = (ms: number): number => {
    const day = Math.floor(ms / DAY);
    let o = perDay.get(day);
    if (o === undefined) {
      const a = zoneOffsetMinutes(zone, day * DAY);
      o = a === zoneOffsetMinutes(zone, day * DAY + DAY - 1) ? a : Number.NaN;
      perDay.set(day, o);
    }
    return Number.isNaN(o) ? zoneOffsetMinutes(zone, ms) : o;
  };
  return { utc, zone, local: fill(times, offset) };
}
