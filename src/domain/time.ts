/** ISO-8601 UTC text of epoch milliseconds (`2024-01-02T03:04:05.000Z`), null for an unknown time. */
export function isoUtc(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
