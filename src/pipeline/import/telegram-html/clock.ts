import { AppError } from '../../../domain/errors.js';
import { issue, type IssueCode, type ItemIssue } from '../../../domain/issue.js';
import type { SourceTime } from '../model.js';
import { parseZone, wallMs, type Zone } from '../telegram-json/time.js';
import { formatOffset, zoneOffsetAt } from './date.js';
import type { HtmlDate } from './ir.js';

/** Converts HTML date titles to UTC (§6.2), reporting the standard-time pitfall once per source. */
export interface HtmlClock {
  /** The SourceTime of a title; throws IMPORT_NEEDS_TZ when the title has no zone and no --tz was given. */
  at(d: HtmlDate | undefined, file: string, where: string): SourceTime;
  /** Issues found so far (each code once); drained by the caller. */
  readonly issues: ItemIssue[];
}

/**
 * Make the clock. With `--tz` (IANA name or ±HH:MM) the wall clock is converted with that zone (DST-correct for
 * an IANA name) and the title suffix is only cross-checked. Without it, the suffix written by tdesktop ≥ 3.7.6 is
 * used: it is the zone's STANDARD offset, so summer-time messages may be one hour late (flagged once).
 */
export function makeClock(tz: string | undefined): HtmlClock {
  const zone: Zone | undefined = tz ? parseZone(tz) : undefined;
  const iana = zone !== undefined && !/^[+-]\d{2}:\d{2}$/.test(zone.name);
  const issues: ItemIssue[] = [];
  const said = new Set<string>();
  const once = (code: IssueCode, file: string, where: string, message: string): void => {
    if (said.has(code)) return;
    said.add(code);
    issues.push(issue(code, file, where, message));
  };
  return {
    issues,
    at(d, file, where) {
      if (!d) return { utc: null, local: null, zone: null, quality: 'none' };
      const wall = wallMs(d.local);
      if (wall === null) return { utc: null, local: d.local, zone: null, quality: 'none' };
      if (zone) {
        const r = zone.toUtc(wall);
        if (iana && d.offsetMinutes !== undefined) {
          const std = standardOffset(zone.name, r.utc);
          if (std !== d.offsetMinutes) {
            once(
              'HTML_TZ_MISMATCH',
              file,
              where,
              `the export says UTC${formatOffset(d.offsetMinutes)} but --tz ${zone.name} has standard offset ${formatOffset(std)}; --tz was used`,
            );
          }
        }
        return { utc: r.utc, local: d.local, zone: zone.name, quality: r.quality };
      }
      if (d.offsetMinutes === undefined) {
        throw new AppError(
          'IMPORT_NEEDS_TZ',
          `${file}: ${where}: this HTML export has date titles without "UTC±hh:mm" (Telegram Desktop < 3.7.6); give the exporting computer's time zone with --tz, e.g. --tz Europe/Paris or --tz +01:00`,
        );
      }
      once(
        'HTML_STANDARD_OFFSET',
        file,
        where,
        `times use the offset written in the HTML (UTC${formatOffset(d.offsetMinutes)}), which is the exporter's STANDARD offset: during daylight-saving time they may be one hour late; re-import with --tz <IANA zone> (e.g. Europe/Kyiv) for exact times`,
      );
      return {
        utc: wall - d.offsetMinutes * 60_000,
        local: d.local,
        zone: formatOffset(d.offsetMinutes),
        quality: 'assumed-zone',
      };
    },
  };
}

/** Standard (non-DST) offset of an IANA zone in the year of `utc`: the smaller of its January and July offsets. */
export function standardOffset(zone: string, utc: number): number {
  const year = new Date(utc).getUTCFullYear();
  return Math.min(zoneOffsetAt(zone, Date.UTC(year, 0, 15)), zoneOffsetAt(zone, Date.UTC(year, 6, 15)));
}
