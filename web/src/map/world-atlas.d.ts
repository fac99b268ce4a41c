/** The Natural Earth 110m TopoJSON of world-atlas, bundled by Vite's JSON import. */
declare module 'world-atlas/countries-110m.json' {
  import type { Topology, GeometryCollection } from 'topojson-specification';
  const topology: Topology<{ countries: GeometryCollection<{ name: string }>; land: GeometryCollection }>;
  export default topology;
}

/** i18n-iso-countries' English country names, bundled by Vite's JSON import. */
declare module 'i18n-iso-countries/langs/en.json' {
  import type { LocaleData } from 'i18n-iso-countries';
  const data: LocaleData;
  export default data;
}

/** i18n-iso-countries' French country names, bundled by Vite's JSON import. */
declare module 'i18n-iso-countries/langs/fr.json' {
  import type { LocaleData } from 'i18n-iso-countries';
  const data: LocaleData;
  export default data;
}
