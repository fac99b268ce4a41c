/** Time-zone arithmetic with Intl (DST-aware): wall clock in an IANA zone <-> UTC epoch seconds. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a zone. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const offsets = new Map<string, number>();

function offsetUncached(t: number, tz: string): number {
  const w: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatter(tz).formatToParts(new Date(t * 1000))) {
    if (p.type === 'year') w.year = Number(p.value);
    else if (p.type === 'month') w.month = Number(p.value);
    else if (p.type === 'day') w.day = Number(p.value);
    else if (p.type === 'hour') w.hour = Number(p.value);
    else if (p.type === 'minute') w.minute = Number(p.value);
    else if (p.type === 'second') w.second = Number(p.value);
  }
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) / 1000 - t;
}

/** Offset of zone `tz` from UTC at instant `t`, in seconds (cached per quarter hour: transitions fall on them). */
export function offsetSeconds(t: number, tz: string): number {
  const q = Math.floor(t / 900);
  const key = `${tz}@${q}`;
  let off = offsets.get(key);
  if (off === undefined) {
    off = offsetUncached(q * 900, tz);
    if (offsets.size > 500_000) offsets.clear();
    offsets.set(key, off);
  }
  return off;
}

/** The wall clock of UTC epoch seconds `t` in zone `tz`. */
export function wallClock(t: number, tz: string): WallClock {
  const d = new Date((t + offsetSeconds(t, tz)) * 1000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** UTC epoch seconds of a wall-clock time in `tz` (the later instant when ambiguous, shifted forward in a gap). */
export function fromWallClock(w: WallClock, tz: string): number {
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) / 1000;
  let t = naive - offsetSeconds(naive, tz);
  t = naive - offsetSeconds(t, tz);
  return t;
}

const p2 = (n: number): string => String(n).padStart(2, '0');

/** `YYYY-MM-DDTHH:MM:SS` in zone `tz` (the Telegram Desktop `date` format). */
export function isoLocal(t: number, tz: string): string {
  const w = wallClock(t, tz);
  return `${w.year}-${p2(w.month)}-${p2(w.day)}T${p2(w.hour)}:${p2(w.minute)}:${p2(w.second)}`;
}

/** `DD-MM-YYYY_HH-MM-SS` in zone `tz` (the Telegram Desktop media file-name stamp). */
export function fileStamp(t: number, tz: string): string {
  const w = wallClock(t, tz);
  return `${p2(w.day)}-${p2(w.month)}-${w.year}_${p2(w.hour)}-${p2(w.minute)}-${p2(w.second)}`;
}

/** `YYYY-MM-DD` in zone `tz`. */
export function dateLocal(t: number, tz: string): string {
  return isoLocal(t, tz).slice(0, 10);
}

/** `YYYY:MM:DD HH:MM:SS` in zone `tz` (EXIF DateTimeOriginal). */
export function exifLocal(t: number, tz: string): string {
  return isoLocal(t, tz).replace(/-/g, ':').replace('T', ' ');
}

/** ISO-8601 UTC with `Z`, seconds precision. */
export function isoUtc(t: number): string {
  return new Date(t * 1000).toISOString().replace('.000Z', 'Z');
}
