import { iso1A2Code, featuresContaining } from '@rapideditor/country-coder';
import { pointEvidence, temper } from './evidence-util.js';
import type { EvidenceItem, GpsObservation } from './types.js';

/** α of an EXIF GPS point (old photos, downloaded pictures). */
export const EXIF_ALPHA = 0.15;
/** Distance in degrees probed around a point to flag it as near a border. */
export const BORDER_PROBE_DEG = 0.05;

/**
 * Overrides for disputed territories: country-coder codes de facto control (Crimea → RU, Western Sahara → MA).
 * Vigie reports the internationally recognised state and flags the point as disputed.
 */
export const GPS_OVERRIDES: ReadonlyArray<{
  readonly name: string;
  readonly wikidata?: string;
  readonly box?: readonly [number, number, number, number];
  readonly country: string;
}> = [
  { name: 'Crimea', wikidata: 'Q7835', country: 'UA' },
  // Western Sahara (south of 27.667° N, west of 8.667° W): recognised as EH, coded MA de facto.
  { name: 'Western Sahara', box: [-17.2, 20.7, -8.667, 27.667], country: 'EH' },
];

/** Country of a point with the override table applied; null at sea. */
export function countryOfPoint(
  lat: number,
  lon: number,
): { country: string | null; disputed: string | null } {
  const loc: [number, number] = [lon, lat];
  const base = iso1A2Code(loc);
  for (const o of GPS_OVERRIDES) {
    const inBox = o.box ? lon >= o.box[0] && lat >= o.box[1] && lon <= o.box[2] && lat <= o.box[3] : false;
    const inFeature = o.wikidata
      ? featuresContaining(loc).some((f) => f.properties.wikidata === o.wikidata)
      : false;
    if ((inBox && base === 'MA') || inFeature)
      return { country: o.country, disputed: `${o.name} (de facto ${base ?? '?'})` };
  }
  return { country: base, disputed: null };
}

/** Countries found around a point (±BORDER_PROBE_DEG): more than one means "near a border". */
export function countriesAround(lat: number, lon: number): string[] {
  const s = new Set<string>();
  const d = BORDER_PROBE_DEG;
  for (const [dy, dx] of [
    [0, 0],
    [d, 0],
    [-d, 0],
    [0, d],
    [0, -d],
  ] as const) {
    const c = countryOfPoint(lat + dy, lon + dx).country;
    if (c) s.add(c);
  }
  return [...s].sort();
}

/** Evidence from EXIF GPS points, one per media, tempered 1/√k. */
export function gpsEvidence(points: readonly GpsObservation[]): EvidenceItem[] {
  const valid = points.filter(
    (p) =>
      Number.isFinite(p.lat) &&
      Number.isFinite(p.lon) &&
      Math.abs(p.lat) <= 90 &&
      Math.abs(p.lon) <= 180 &&
      !(p.lat === 0 && p.lon === 0),
  );
  const resolved = valid.map((p) => ({
    p,
    ...countryOfPoint(p.lat, p.lon),
    around: countriesAround(p.lat, p.lon),
  }));
  const k = resolved.filter((r) => r.country).length;
  return resolved
    .filter((r) => r.country)
    .map(({ p, country, disputed, around }) => {
      const near = around.length > 1;
      const flags = [...(disputed ? ['disputed'] : []), ...(near ? ['near-border'] : [])];
      const value = `EXIF GPS ${p.lat.toFixed(2)}, ${p.lon.toFixed(2)} → ${country}${disputed ? ` (disputed: ${disputed})` : ''}${near ? ` (near border: ${around.join('/')})` : ''}`;
      return pointEvidence('exif', near ? around : country!, value, EXIF_ALPHA, temper(k), p.source, {
        flags,
      });
    });
}
