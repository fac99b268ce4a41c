/** The world map's shapes: Natural Earth 110m countries (bundled), projected once to SVG paths by alpha-2 code. */
import { geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import { getName, numericToAlpha2, registerLocale } from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';
import fr from 'i18n-iso-countries/langs/fr.json';
import world from 'world-atlas/countries-110m.json';

registerLocale(en);
registerLocale(fr);

/** One country's shape: alpha-2 code (null when Natural Earth gives none), English name, SVG path. */
export interface CountryShape {
  readonly cc: string | null;
  readonly name: string;
  readonly d: string;
}

/** The map's size in SVG units. */
export const MAP_SIZE = { width: 960, height: 480 } as const;

let shapes: CountryShape[] | null = null;

/** Every country's shape, projected with Natural Earth I fitted to MAP_SIZE (computed once). */
export function worldShapes(): CountryShape[] {
  if (shapes) return shapes;
  const fc = feature(world, world.objects.countries);
  const projection = geoNaturalEarth1().fitSize([MAP_SIZE.width, MAP_SIZE.height], fc);
  const path = geoPath(projection);
  shapes = fc.features.map((f) => ({
    cc: f.id === undefined ? null : (numericToAlpha2(String(f.id)) ?? null),
    name: f.properties.name,
    d: path(f) ?? '',
  }));
  return shapes;
}

const SHADES = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'] as const;

/** The fill of a count on a 5-step blue scale relative to the largest (0: light grey). */
export function shadeOf(n: number, max: number): string {
  if (n <= 0 || max <= 0) return '#eeeeee';
  const step = Math.min(
    SHADES.length - 1,
    Math.floor((Math.sqrt(n) / Math.sqrt(max)) * (SHADES.length - 0.01)),
  );
  return SHADES[step] ?? '#08519c';
}

/** A country's name in the workbench's language (i18n-iso-countries' en/fr names, bundled), else the code. */
export function countryName(cc: string, lang: string): string {
  return getName(cc, lang === 'fr' ? 'fr' : 'en', { select: 'official' }) ?? cc;
}
