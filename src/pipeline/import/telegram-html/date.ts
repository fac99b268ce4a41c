import type { HtmlDate } from './ir.js';

const TITLE = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})(?: UTC(?:([+-])(\d{1,2}):?(\d{2}))?)?$/;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Parse a date `title` (`03.12.2025 19:07:11 UTC+02:00`, or without zone before v3.7.6); undefined if not one. */
export function parseTitleDate(title: string): HtmlDate | undefined {
  const raw = title.trim();
  const m = TITLE.exec(raw);
  if (!m) return undefined;
  const [, dd, mo, yyyy, hh, mi, ss, sign, oh, om] = m;
  const local = `${yyyy}-${mo}-${dd}T${hh}:${mi}:${ss}`;
  if (!validLocal(local)) return undefined;
  let offsetMinutes: number | undefined;
  if (/ UTC/.test(raw)) {
    offsetMinutes = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  }
  return { local, offsetMinutes, raw };
}

/** Parse a day separator body (`3 December 2025`) into `YYYY-MM-DD`, or undefined. */
export function parseDaySeparator(text: string): string | undefined {
  const m = /^(\d{1,2}) ([A-Z][a-z]+) (\d{4})$/.exec(text.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2]!);
  if (month < 0) return undefined;
  const day = `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return validLocal(`${day}T00:00:00`) ? day : undefined;
}

function validLocal(local: string): boolean {
  const t = Date.parse(`${local}Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 19) === local;
}

/** Format minutes as `+02:00`. */
export function formatOffset(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** UTC offset in minutes of an IANA zone at an instant (epoch ms). */
export function zoneOffsetAt(zone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? '0');
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}
