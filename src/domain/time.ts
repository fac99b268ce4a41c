/** ISO-8601 UTC text of epoch milliseconds (`2024-01-02T03:04:05.000Z`), null for an unknown time. */
export function isoUtc(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

const CLOCKS = new Map<string, Intl.DateTimeFormat>();

/**
 * A time as `YYYY-MM-DD hh:mm` (`:ss` with `seconds`) on the wall clock of an IANA zone; one formatter per zone and
 * precision, kept (building one costs more than formatting).
 */
export function zonedClock(d: Date, zone: string, seconds: boolean): string {
  const key = `${seconds ? 's' : 'm'}${zone}`;
  let f = CLOCKS.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      ...(seconds ? { second: '2-digit' } : {}),
      hourCycle: 'h23',
    });
    CLOCKS.set(key, f);
  }
  return f.format(d);
}
