/** The synthetic world: 50 countries, each with a language, cities, IANA time zones and a phone prefix. */
import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js/max';

/** A city with coordinates and its IANA time zone. */
export interface City {
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly tz: string;
}

/** One country of the synthetic world. */
export interface Country {
  readonly code: string;
  readonly language: string;
  readonly callingCode: string;
  readonly cities: readonly City[];
  /** Relative share of actors. */
  readonly weight: number;
}

// code, language, weight, then "City|lat|lon|tz" entries
const TABLE: ReadonlyArray<readonly [string, string, number, ...string[]]> = [
  [
    'US',
    'en',
    10,
    'Chicago|41.88|-87.63|America/Chicago',
    'New York|40.71|-74.01|America/New_York',
    'Los Angeles|34.05|-118.24|America/Los_Angeles',
  ],
  [
    'GB',
    'en',
    6,
    'London|51.51|-0.13|Europe/London',
    'Manchester|53.48|-2.24|Europe/London',
    'Leeds|53.80|-1.55|Europe/London',
  ],
  ['IE', 'en', 1, 'Dublin|53.35|-6.26|Europe/Dublin', 'Cork|51.90|-8.47|Europe/Dublin'],
  ['CA', 'en', 3, 'Toronto|43.65|-79.38|America/Toronto', 'Vancouver|49.28|-123.12|America/Vancouver'],
  ['AU', 'en', 3, 'Sydney|-33.87|151.21|Australia/Sydney', 'Perth|-31.95|115.86|Australia/Perth'],
  ['NZ', 'en', 1, 'Auckland|-36.85|174.76|Pacific/Auckland', 'Wellington|-41.29|174.78|Pacific/Auckland'],
  [
    'ZA',
    'en',
    2,
    'Johannesburg|-26.20|28.05|Africa/Johannesburg',
    'Cape Town|-33.92|18.42|Africa/Johannesburg',
  ],
  ['NG', 'en', 2, 'Lagos|6.52|3.38|Africa/Lagos', 'Abuja|9.08|7.40|Africa/Lagos'],
  ['KE', 'en', 1, 'Nairobi|-1.29|36.82|Africa/Nairobi', 'Mombasa|-4.04|39.67|Africa/Nairobi'],
  [
    'IN',
    'en',
    4,
    'Mumbai|19.08|72.88|Asia/Kolkata',
    'Delhi|28.70|77.10|Asia/Kolkata',
    'Bengaluru|12.97|77.59|Asia/Kolkata',
  ],
  ['PH', 'en', 2, 'Manila|14.60|120.98|Asia/Manila', 'Cebu|10.32|123.89|Asia/Manila'],
  ['SG', 'en', 1, 'Singapore|1.35|103.82|Asia/Singapore'],
  [
    'FR',
    'fr',
    6,
    'Paris|48.86|2.35|Europe/Paris',
    'Lyon|45.76|4.84|Europe/Paris',
    'Marseille|43.30|5.37|Europe/Paris',
    'Toulouse|43.60|1.44|Europe/Paris',
  ],
  ['BE', 'fr', 2, 'Bruxelles|50.85|4.35|Europe/Brussels', 'Liège|50.63|5.57|Europe/Brussels'],
  ['SN', 'fr', 1, 'Dakar|14.72|-17.47|Africa/Dakar', 'Thiès|14.79|-16.93|Africa/Dakar'],
  ['CI', 'fr', 1, 'Abidjan|5.36|-4.01|Africa/Abidjan', 'Bouaké|7.69|-5.03|Africa/Abidjan'],
  [
    'ES',
    'es',
    5,
    'Madrid|40.42|-3.70|Europe/Madrid',
    'Barcelona|41.39|2.17|Europe/Madrid',
    'Sevilla|37.39|-5.98|Europe/Madrid',
    'Valencia|39.47|-0.38|Europe/Madrid',
  ],
  [
    'MX',
    'es',
    4,
    'Ciudad de México|19.43|-99.13|America/Mexico_City',
    'Guadalajara|20.66|-103.35|America/Mexico_City',
    'Monterrey|25.69|-100.32|America/Monterrey',
  ],
  [
    'AR',
    'es',
    2,
    'Buenos Aires|-34.60|-58.38|America/Argentina/Buenos_Aires',
    'Córdoba|-31.42|-64.18|America/Argentina/Cordoba',
  ],
  ['CO', 'es', 2, 'Bogotá|4.71|-74.07|America/Bogota', 'Medellín|6.24|-75.58|America/Bogota'],
  ['CL', 'es', 1, 'Santiago|-33.45|-70.67|America/Santiago', 'Valparaíso|-33.05|-71.62|America/Santiago'],
  ['PE', 'es', 1, 'Lima|-12.05|-77.04|America/Lima', 'Arequipa|-16.41|-71.54|America/Lima'],
  ['PT', 'pt', 2, 'Lisboa|38.72|-9.14|Europe/Lisbon', 'Porto|41.16|-8.63|Europe/Lisbon'],
  [
    'BR',
    'pt',
    5,
    'São Paulo|-23.55|-46.63|America/Sao_Paulo',
    'Rio de Janeiro|-22.91|-43.17|America/Sao_Paulo',
    'Manaus|-3.12|-60.02|America/Manaus',
  ],
  [
    'DE',
    'de',
    6,
    'Berlin|52.52|13.40|Europe/Berlin',
    'Hamburg|53.55|9.99|Europe/Berlin',
    'München|48.14|11.58|Europe/Berlin',
    'Köln|50.94|6.96|Europe/Berlin',
  ],
  ['AT', 'de', 1, 'Wien|48.21|16.37|Europe/Vienna', 'Graz|47.07|15.44|Europe/Vienna'],
  ['CH', 'de', 1, 'Zürich|47.38|8.54|Europe/Zurich', 'Basel|47.56|7.59|Europe/Zurich'],
  [
    'IT',
    'it',
    4,
    'Roma|41.90|12.50|Europe/Rome',
    'Milano|45.46|9.19|Europe/Rome',
    'Napoli|40.85|14.27|Europe/Rome',
  ],
  [
    'NL',
    'nl',
    2,
    'Amsterdam|52.37|4.90|Europe/Amsterdam',
    'Rotterdam|51.92|4.48|Europe/Amsterdam',
    'Utrecht|52.09|5.12|Europe/Amsterdam',
  ],
  [
    'PL',
    'pl',
    3,
    'Warszawa|52.23|21.01|Europe/Warsaw',
    'Kraków|50.06|19.94|Europe/Warsaw',
    'Gdańsk|54.35|18.65|Europe/Warsaw',
  ],
  [
    'RU',
    'ru',
    4,
    'Москва|55.76|37.62|Europe/Moscow',
    'Санкт-Петербург|59.93|30.34|Europe/Moscow',
    'Новосибирск|55.01|82.93|Asia/Novosibirsk',
  ],
  ['BY', 'ru', 1, 'Минск|53.90|27.56|Europe/Minsk', 'Гомель|52.44|30.98|Europe/Minsk'],
  ['KZ', 'ru', 1, 'Алматы|43.24|76.89|Asia/Almaty', 'Астана|51.17|71.45|Asia/Almaty'],
  [
    'UA',
    'uk',
    3,
    'Київ|50.45|30.52|Europe/Kyiv',
    'Львів|49.84|24.03|Europe/Kyiv',
    'Одеса|46.48|30.72|Europe/Kyiv',
  ],
  [
    'TR',
    'tr',
    3,
    'İstanbul|41.01|28.98|Europe/Istanbul',
    'Ankara|39.93|32.86|Europe/Istanbul',
    'İzmir|38.42|27.14|Europe/Istanbul',
  ],
  ['EG', 'ar', 2, 'القاهرة|30.04|31.24|Africa/Cairo', 'الإسكندرية|31.20|29.92|Africa/Cairo'],
  ['SA', 'ar', 1, 'الرياض|24.71|46.68|Asia/Riyadh', 'جدة|21.49|39.19|Asia/Riyadh'],
  ['AE', 'ar', 1, 'دبي|25.20|55.27|Asia/Dubai', 'أبوظبي|24.45|54.38|Asia/Dubai'],
  ['MA', 'ar', 1, 'الدار البيضاء|33.57|-7.59|Africa/Casablanca', 'الرباط|34.02|-6.84|Africa/Casablanca'],
  ['DZ', 'ar', 1, 'الجزائر|36.75|3.06|Africa/Algiers', 'وهران|35.70|-0.63|Africa/Algiers'],
  [
    'RO',
    'ro',
    2,
    'București|44.43|26.10|Europe/Bucharest',
    'Cluj-Napoca|46.77|23.60|Europe/Bucharest',
    'Iași|47.16|27.59|Europe/Bucharest',
  ],
  ['MD', 'ro', 1, 'Chișinău|47.01|28.86|Europe/Chisinau', 'Bălți|47.76|27.93|Europe/Chisinau'],
  [
    'ID',
    'id',
    3,
    'Jakarta|-6.21|106.85|Asia/Jakarta',
    'Surabaya|-7.25|112.75|Asia/Jakarta',
    'Bandung|-6.92|107.62|Asia/Jakarta',
  ],
  ['SE', 'sv', 1, 'Stockholm|59.33|18.07|Europe/Stockholm', 'Göteborg|57.71|11.97|Europe/Stockholm'],
  ['CZ', 'cs', 1, 'Praha|50.08|14.44|Europe/Prague', 'Brno|49.20|16.61|Europe/Prague'],
  ['HU', 'hu', 1, 'Budapest|47.50|19.04|Europe/Budapest', 'Debrecen|47.53|21.63|Europe/Budapest'],
  ['GR', 'el', 1, 'Αθήνα|37.98|23.73|Europe/Athens', 'Θεσσαλονίκη|40.64|22.94|Europe/Athens'],
  [
    'VN',
    'vi',
    2,
    'Hà Nội|21.03|105.85|Asia/Ho_Chi_Minh',
    'Thành phố Hồ Chí Minh|10.82|106.63|Asia/Ho_Chi_Minh',
  ],
  ['JP', 'ja', 2, '東京|35.68|139.69|Asia/Tokyo', '大阪|34.69|135.50|Asia/Tokyo'],
  ['TH', 'th', 1, 'กรุงเทพมหานคร|13.76|100.50|Asia/Bangkok', 'เชียงใหม่|18.79|98.98|Asia/Bangkok'],
];

function parseCity(s: string): City {
  const [name, lat, lon, tz] = s.split('|');
  return { name: name ?? '', lat: Number(lat), lon: Number(lon), tz: tz ?? 'UTC' };
}

/** All 50 countries of the synthetic world, in a fixed order. */
export const COUNTRIES: readonly Country[] = TABLE.map(([code, language, weight, ...cities]) => ({
  code,
  language,
  weight,
  callingCode: getCountryCallingCode(code as CountryCode),
  cities: cities.map(parseCity),
}));

/** Country by ISO code (throws on an unknown code: a bug in the generator). */
export function countryByCode(code: string): Country {
  const c = COUNTRIES.find((x) => x.code === code);
  if (!c) throw new Error(`unknown country ${code}`);
  return c;
}

/** Regional-indicator flag emoji of an ISO alpha-2 code. */
export function flagEmoji(code: string): string {
  return [...code.toUpperCase()].map((ch) => String.fromCodePoint(0x1f1e6 + ch.charCodeAt(0) - 65)).join('');
}
