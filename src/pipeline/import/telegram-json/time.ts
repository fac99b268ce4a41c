import { AppError } from '../../../domain/errors.js';
import type { SourceTime, TimeQuality } from '../model.js';

/** A zone given with --tz: a fixed offset (`+02:00`, `Z`) or an IANA name (`Europe/Paris`). */
export interface Zone {
  readonly name: string;
  /** Convert a local wall clock (ms, as if UTC) to UTC ms with a quality flag. */
  toUtc(wallMs: number): { utc: number; quality: TimeQuality };
}

/** Parse the --tz value; refuses anything that is neither ±HH:MM nor a known IANA zone. */
export function parseZone(tz: string): Zone {
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})$/.exec(tz.trim());
  if (m || /^(Z|UTC|GMT)$/i.test(tz.trim())) {
    const off = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60000 : 0;
    if (Math.abs(off) > 14 * 3600000) throw new AppError('USAGE', `--tz ${tz}: offset out of range`);
    const name = m ? `${m[1]}${m[2]!.padStart(2, '0')}:${m[3]}` : '+00:00';
    return { name, toUtc: (w) => ({ utc: w - off, quality: 'assumed-zone' }) };
  }
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new AppError(
      'USAGE',
      `--tz ${tz}: not a UTC offset (+02:00) nor a known IANA time zone (Europe/Paris)`,
    );
  }
  const name = fmt.resolvedOptions().timeZone;
  const offsetAt = (utc: number): number => {
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(new Date(utc)))
      if (part.type !== 'literal') p[part.type] = Number(part.value);
    const wall = Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']!, p['minute']!, p['second']!);
    return wall - Math.floor(utc / 1000) * 1000;
  };
  const cache = new Map<number, { offs: number[]; before: number }>();
  return {
    name,
    toUtc(wallMs) {
      const hour = Math.floor(wallMs / 3600000);
      let c = cache.get(hour);
      if (!c) {
        const before = offsetAt(wallMs - 86400000);
        const after = offsetAt(wallMs + 86400000);
        const offs = [...new Set([before, after])].filter((o) => offsetAt(wallMs - o) === o);
        c = { offs: offs.sort((a, b) => b - a), before };
        if (cache.size > 100000) cache.clear();
        cache.set(hour, c);
      }
      if (c.offs.length === 1) return { utc: wallMs - c.offs[0]!, quality: 'assumed-zone' };
      if (c.offs.length > 1) return { utc: wallMs - c.offs[0]!, quality: 'ambiguous' };
      return { utc: wallMs - c.before, quality: 'nonexistent' };
    },
  };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

/** Wall-clock ms of a tdesktop ISO local time (`2020-11-12T12:53:52`), or null when malformed. */
export function wallMs(local: string): number | null {
  const m = ISO.exec(local);
  if (!m) return null;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

/** Epoch-seconds string (`"1652135033"`) or number to ms, else null. */
export function unixMs(v: unknown): number | null {
  if (typeof v === 'string' && /^-?\d{1,12}$/.test(v)) return Number(v) * 1000;
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v) * 1000;
  return null;
}

/** Thrown when a local time needs --tz and none was given (the reader turns it into IMPORT_NEEDS_TZ). */
export function needsTz(file: string, where: string): AppError {
  return new AppError(
    'IMPORT_NEEDS_TZ',
    `${file}: ${where}: this export has local times without a UTC twin (date_unixtime, tdesktop < 3.7.6); give the exporting computer's time zone with --tz, e.g. --tz Europe/Paris or --tz +01:00`,
  );
}

/** Resolve a (local, unixtime) pair to a SourceTime. */
export function resolveTime(
  local: unknown,
  unix: unknown,
  zone: Zone | undefined,
  onNeedZone: () => never,
): SourceTime {
  const loc = typeof local === 'string' ? local : null;
  const u = unixMs(unix);
  if (u !== null) return { utc: u, local: loc, zone: null, quality: 'exact' };
  if (loc === null) return { utc: null, local: null, zone: null, quality: 'none' };
  const w = wallMs(loc);
  if (w === null) return { utc: null, local: loc, zone: null, quality: 'none' };
  if (!zone) onNeedZone();
  const r = zone.toUtc(w);
  return { utc: r.utc, local: loc, zone: zone.name, quality: r.quality };
}
