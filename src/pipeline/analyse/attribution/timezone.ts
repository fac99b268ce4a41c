import ct from 'countries-and-timezones';
import { candidateCountries } from './countries.js';
import type { AttributionMessage, EvidenceItem } from './types.js';

/** Diurnal chat template P(local hour) for hours 0–23 (spec §4.1; assumed, to be fitted on labelled data). */
export const DIURNAL = [
  4.0, 2.5, 1.5, 0.9, 0.6, 0.6, 1.0, 2.2, 3.5, 4.3, 4.8, 5.0, 5.3, 5.3, 5.0, 5.0, 5.2, 5.5, 5.8, 6.2, 6.6,
  6.9, 6.6, 5.5,
];
/** Uniform share mixed into the template (bots, insomnia, shift work). */
export const UNIFORM_MIX = 0.12;
/** Person-level chronotype spread σ in hours, marginalised on a 0.5 h grid over ±3σ. */
export const CHRONOTYPE_SIGMA_H = 1.5;
/** α of the time-zone signal (scheduled posting, travel). */
export const TIMEZONE_ALPHA = 0.1;
/** Fewer timestamps than this give no time-zone evidence. */
export const MIN_TIMESTAMPS = 5;

const BINS = 48;
const DAY = 86_400_000;
const HALF_HOUR = 1_800_000;

const LOG_T: Float64Array = (() => {
  const sum = DIURNAL.reduce((a, b) => a + b, 0);
  const out = new Float64Array(BINS);
  for (let b = 0; b < BINS; b++)
    out[b] = Math.log((1 - UNIFORM_MIX) * (DIURNAL[b >> 1]! / sum / 2) + UNIFORM_MIX / BINS);
  return out;
})();

const SHIFTS: ReadonlyArray<{ bins: number; logW: number }> = (() => {
  const out: Array<{ bins: number; logW: number }> = [];
  const max = Math.round(3 * CHRONOTYPE_SIGMA_H * 2);
  let z = 0;
  for (let k = -max; k <= max; k++) z += Math.exp(-((k / 2) ** 2) / (2 * CHRONOTYPE_SIGMA_H ** 2));
  for (let k = -max; k <= max; k++)
    out.push({ bins: k, logW: -((k / 2) ** 2) / (2 * CHRONOTYPE_SIGMA_H ** 2) - Math.log(z) });
  return out;
})();

/** Population weights of the main zones of large multi-zone countries (others: uniform over their zones). */
const ZONE_WEIGHTS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  US: {
    'America/New_York': 0.47,
    'America/Chicago': 0.29,
    'America/Denver': 0.06,
    'America/Phoenix': 0.02,
    'America/Los_Angeles': 0.16,
  },
  CA: {
    'America/Toronto': 0.6,
    'America/Vancouver': 0.14,
    'America/Edmonton': 0.12,
    'America/Winnipeg': 0.07,
    'America/Halifax': 0.06,
    'America/St_Johns': 0.01,
  },
  RU: {
    'Europe/Moscow': 0.7,
    'Asia/Yekaterinburg': 0.12,
    'Asia/Novosibirsk': 0.08,
    'Asia/Krasnoyarsk': 0.04,
    'Asia/Irkutsk': 0.02,
    'Asia/Vladivostok': 0.02,
    'Europe/Samara': 0.02,
  },
  BR: { 'America/Sao_Paulo': 0.9, 'America/Manaus': 0.05, 'America/Cuiaba': 0.05 },
  AU: {
    'Australia/Sydney': 0.6,
    'Australia/Brisbane': 0.2,
    'Australia/Perth': 0.1,
    'Australia/Adelaide': 0.09,
    'Australia/Darwin': 0.01,
  },
  MX: {
    'America/Mexico_City': 0.85,
    'America/Tijuana': 0.05,
    'America/Hermosillo': 0.04,
    'America/Cancun': 0.03,
    'America/Mazatlan': 0.03,
  },
  ID: { 'Asia/Jakarta': 0.6, 'Asia/Makassar': 0.3, 'Asia/Jayapura': 0.1 },
  UA: { 'Europe/Kyiv': 0.95, 'Europe/Simferopol': 0.05 },
  ES: { 'Europe/Madrid': 0.95, 'Atlantic/Canary': 0.05 },
  PT: { 'Europe/Lisbon': 0.9, 'Atlantic/Madeira': 0.07, 'Atlantic/Azores': 0.03 },
  CN: { 'Asia/Shanghai': 1 },
  AR: { 'America/Argentina/Buenos_Aires': 1 },
  KZ: { 'Asia/Almaty': 0.7, 'Asia/Aqtobe': 0.3 },
};

const formatters = new Map<string, Intl.DateTimeFormat | null>();
const offsetCache = new Map<string, Map<number, number>>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  return f;
}

/** UTC offset of an IANA zone at a UTC instant, in minutes (DST exact through Intl). */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  const f = formatter(zone);
  if (!f) return 0;
  const name = f.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** Offset for a whole UTC day, or NaN when the zone changes offset that day. */
function dayOffset(cache: Map<number, number>, zone: string, day: number): number {
  let o = cache.get(day);
  if (o === undefined) {
    const a = zoneOffsetMinutes(zone, day * DAY);
    const b = zoneOffsetMinutes(zone, day * DAY + DAY - 1);
    o = a === b ? a : Number.NaN;
    cache.set(day, o);
  }
  return o;
}

/** Offsets of a zone at each time (one Intl call per zone and day, per message only on transition days). */
function offsetsFor(zone: string, times: readonly number[], days: readonly number[]): number[] {
  let cache = offsetCache.get(zone);
  if (!cache) offsetCache.set(zone, (cache = new Map()));
  const out: number[] = [];
  let lastDay = Number.NaN;
  let lastOff = 0;
  for (let i = 0; i < times.length; i++) {
    const d = days[i]!;
    if (d !== lastDay) {
      lastDay = d;
      lastOff = dayOffset(cache, zone, d);
    }
    out.push(Number.isNaN(lastOff) ? zoneOffsetMinutes(zone, times[i]!) : lastOff);
  }
  return out;
}

let countryZones: Map<string, Array<{ zone: string; w: number }>> | undefined;

/** Each candidate country's zones with weights summing to 1. */
export function zonesOfCountries(): Map<string, Array<{ zone: string; w: number }>> {
  if (countryZones) return countryZones;
  countryZones = new Map();
  for (const cc of candidateCountries()) {
    const fixed = ZONE_WEIGHTS[cc];
    const zones = fixed ? Object.keys(fixed) : [...(ct.getCountry(cc)?.timezones ?? [])].sort();
    const usable = zones.filter((z) => formatter(z) !== null);
    if (usable.length === 0) continue;
    const total = usable.reduce((s, z) => s + (fixed?.[z] ?? 1), 0);
    countryZones.set(
      cc,
      usable.map((z) => ({ zone: z, w: (fixed?.[z] ?? 1) / total })),
    );
  }
  return countryZones;
}

let zoneList: string[] | undefined;

/** Every zone used by a candidate country, sorted. */
function allZones(): string[] {
  if (!zoneList) {
    const zones = new Set<string>();
    for (const list of zonesOfCountries().values()) for (const { zone } of list) zones.add(zone);
    zoneList = [...zones].sort();
  }
  return zoneList;
}

function logSumExp(xs: readonly number[]): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  if (m === -Infinity) return m;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}

/** Chronotype-marginalised log-likelihood of a 48-bin local half-hour histogram. */
export function histogramLogLik(hist: ArrayLike<number>): number {
  const terms: number[] = [];
  for (const s of SHIFTS) {
    let ll = 0;
    for (let b = 0; b < BINS; b++) {
      const c = hist[b]!;
      if (c) ll += c * LOG_T[(((b - s.bins) % BINS) + BINS) % BINS]!;
    }
    terms.push(ll + s.logW);
  }
  return logSumExp(terms);
}

/** log L(zone) for every zone used by a candidate country, grouping zones with identical offsets. */
export function zoneLogLik(times: readonly number[]): Map<string, number> {
  const out = new Map<string, number>();
  const bySignature = new Map<string, number>();
  const days = times.map((t) => Math.floor(t / DAY));
  for (const zone of allZones()) {
    const offs = offsetsFor(zone, times, days);
    const sig = offs.join(',');
    let ll = bySignature.get(sig);
    if (ll === undefined) {
      const hist = new Float64Array(BINS);
      times.forEach((t, i) => {
        const local = t + offs[i]! * 60_000;
        hist[Math.floor((((local % DAY) + DAY) % DAY) / HALF_HOUR)]! += 1;
      });
      ll = histogramLogLik(hist);
      bySignature.set(sig, ll);
    }
    out.set(zone, ll);
  }
  return out;
}

/** Quietest 6 h window in UTC (explanation only): start hour of the window. */
export function quietestWindowUtc(times: readonly number[]): number {
  const h = new Array<number>(24).fill(0);
  for (const t of times) h[new Date(t).getUTCHours()]! += 1;
  let best = 0;
  let bestCount = Infinity;
  for (let s = 0; s < 24; s++) {
    let c = 0;
    for (let k = 0; k < 6; k++) c += h[(s + k) % 24]!;
    if (c < bestCount) [best, bestCount] = [s, c];
  }
  return best;
}

/** Evidence from activity hours, or null with fewer than MIN_TIMESTAMPS timestamps. */
export function timezoneEvidence(messages: readonly AttributionMessage[]): EvidenceItem | null {
  const times = messages
    .map((m) => m.dateUtc)
    .filter((t): t is number => t !== null)
    .sort((a, b) => a - b);
  if (times.length < MIN_TIMESTAMPS) return null;
  const zl = zoneLogLik(times);
  const logL = new Map<string, number>();
  for (const [cc, zones] of zonesOfCountries()) {
    logL.set(cc, logSumExp(zones.map((z) => Math.log(z.w) + zl.get(z.zone)!)));
  }
  const max = Math.max(...logL.values());
  const countries: Record<string, number> = {};
  let sum = 0;
  for (const [cc, l] of logL) {
    countries[cc] = Math.exp(l - max);
    sum += countries[cc]!;
  }
  let bestZone = '';
  let bestLl = -Infinity;
  for (const [z, l] of [...zl.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
    if (l > bestLl) [bestZone, bestLl] = [z, l];
  const q = quietestWindowUtc(times);
  const off = zoneOffsetMinutes(bestZone, times[times.length - 1]!) / 60;
  return {
    signal: 'timezone',
    value: `activity hours n=${times.length}: best fit UTC${off >= 0 ? '+' : ''}${off} (e.g. ${bestZone}) ± ${CHRONOTYPE_SIGMA_H} h; quietest 6 h window ${String(q).padStart(2, '0')}:00–${String((q + 6) % 24).padStart(2, '0')}:00 UTC; separates regions, not neighbours`,
    countries,
    otherwise: 0,
    alpha: TIMEZONE_ALPHA,
    background: sum / Math.max(1, logL.size),
    weight: 1,
    source: {
      kind: 'messages',
      count: times.length,
      sample: messages.slice(0, 3).map((m) => ({ chat: m.chat, message: m.message })),
    },
  };
}
