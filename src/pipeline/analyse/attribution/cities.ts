/**
 * A small curated gazetteer: large cities whose names (exonyms and endonyms in several scripts) are rarely
 * ordinary words. Deliberately left out because they are common words or first names: Roma, Porto, Sofia,
 * Santiago, Victoria, Nice, Split, Bath, Reading, Mobile, Florence, Alexandria, Lincoln, Jackson; Córdoba, Lima, Perth and
 * Mendoza only with their country (two countries or a common word), Bălți not at all (balti, a dish).
 */
const CITIES: Readonly<Record<string, string>> = {
  FR: 'paris|parisien|lyon|marseille|toulouse|bordeaux|strasbourg|lille|montpellier|nantes|rennes|grenoble|париж|марсель',
  BE: 'bruxelles|brussels|brussel|bruxelas|antwerpen|anvers|antwerp|liège|gent|charleroi|брюссель',
  CH: 'zürich|zurich|genève|geneva|genf|ginevra|lausanne|basel|bâle|цюрих|женева',
  DE: 'berlin|hamburg|münchen|munich|monaco di baviera|köln|cologne|frankfurt|stuttgart|düsseldorf|dortmund|leipzig|dresden|hannover|nürnberg|берлин|мюнхен|гамбург|франкфурт',
  AT: 'wien|vienna|vienne|viena|wenen|wiedeń|вена|graz|salzburg|innsbruck|linz',
  NL: 'amsterdam|rotterdam|den haag|the hague|utrecht|eindhoven|амстердам',
  ES: 'madrid|barcelona|valencia|sevilla|seville|málaga|bilbao|zaragoza|мадрид|барселона',
  PT: 'lisboa|lisbon|lisbonne|lissabon|лиссабон',
  IT: 'milano|milan|milán|mailand|napoli|naples|torino|turin|palermo|bologna|venezia|venice|firenze|рим|милан|rome',
  GB: 'london|londres|londra|londyn|лондон|manchester|birmingham|liverpool|glasgow|edinburgh|leeds|bristol',
  IE: 'dublin|дублин|cork',
  PL: 'warszawa|warsaw|varsovie|warschau|varsovia|варшава|kraków|krakow|cracovie|краков|wrocław|gdańsk|gdansk|poznań|łódź',
  CZ: 'praha|prague|prag|praga|прага|brno',
  SK: 'bratislava|братислава',
  HU: 'budapest|будапешт|debrecen|szeged',
  RO: 'bucurești|bucuresti|bucharest|bucarest|бухарест|cluj-napoca|timișoara|iași|iasi|constanța',
  BG: 'plovdiv|пловдив|varna',
  GR: 'athens|athènes|atene|athen|αθήνα|афины|thessaloniki|θεσσαλονίκη',
  RU: 'москва|moscow|moscou|moskau|moscú|mosca|moskwa|санкт-петербург|петербург|saint petersburg|st petersburg|новосибирск|екатеринбург|казань|нижний новгород|самара|ростов-на-дону|краснодар|владивосток',
  UA: 'київ|киев|kyiv|kiev|kijów|харків|харьков|kharkiv|одеса|одесса|odesa|odessa|львів|львов|lviv|lwów|дніпро|днепр|dnipro|запоріжжя|запорожье',
  BY: 'мінск|минск|minsk|гомель|брест',
  KZ: 'алматы|almaty|астана|astana',
  TR: 'istanbul|i̇stanbul|стамбул|ankara|izmir|i̇zmir|antalya|bursa',
  AE: 'dubai|dubaï|дубай|دبي|abu dhabi|أبوظبي',
  SA: 'riyadh|الرياض|jeddah|جدة|مكة',
  EG: 'cairo|le caire|kairo|القاهرة|каир|الإسكندرية',
  MA: 'casablanca|الدار البيضاء|marrakech|marrakesh|rabat|الرباط|tanger',
  DZ: 'alger|algiers|الجزائر العاصمة|oran|وهران',
  TN: 'tunis|تونس العاصمة|sfax',
  LB: 'beirut|beyrouth|بيروت',
  JO: 'amman|عمان الأردن',
  IQ: 'baghdad|بغداد|basra|البصرة',
  US: 'new york|nueva york|нью-йорк|los angeles|chicago|san francisco|miami|houston|seattle|boston|las vegas|philadelphia',
  CA: 'toronto|montréal|montreal|vancouver|ottawa|calgary|торонто',
  MX: 'ciudad de méxico|mexico city|guadalajara|monterrey|tijuana',
  BR: 'são paulo|sao paulo|rio de janeiro|brasília|belo horizonte|salvador da bahia|curitiba|porto alegre|manaus|recife',
  AR: 'buenos aires|córdoba argentina|rosario|mendoza argentina',
  CO: 'bogotá|bogota|medellín|medellin|cali colombia',
  PE: 'lima perú|arequipa|cusco|cuzco',
  SE: 'stockholm|göteborg|gothenburg|стокгольм',
  NO: 'oslo|bergen norge',
  DK: 'københavn|copenhagen|copenhague|kopenhagen',
  FI: 'helsinki|helsingfors|хельсинки',
  RS: 'beograd|belgrade|белград|београд',
  HR: 'zagreb|загреб',
  IL: 'tel aviv|תל אביב|jerusalem|ירושלים',
  IN: 'mumbai|delhi|bangalore|bengaluru|kolkata|chennai',
  CN: 'beijing|shanghai|shenzhen|guangzhou|北京|上海',
  JP: 'tokyo|tokio|東京|osaka|大阪',
  KR: 'seoul|서울|busan',
  TH: 'bangkok|бангкок|กรุงเทพมหานคร|กรุงเทพฯ|กรุงเทพ|เชียงใหม่|chiang mai|phuket',
  PH: 'manila|cebu|davao|quezon city',
  ID: 'jakarta|surabaya|bandung|yogyakarta',
  AU: 'sydney|melbourne|brisbane|perth australia|adelaide|canberra',
  NZ: 'auckland|wellington|christchurch',
  ZA: 'johannesburg|cape town|kaapstad|durban|pretoria',
  NG: 'lagos|abuja|ibadan',
  KE: 'nairobi|mombasa',
  SN: 'dakar|thiès',
  CI: 'abidjan|bouaké|yamoussoukro',
  CL: 'santiago de chile|valparaíso',
  MD: 'chișinău|chisinau|кишинёв|кишинев',
  VN: 'hà nội|hanoi|hồ chí minh|ho chi minh city|sài gòn|saigon|đà nẵng|da nang',
};

/** Curated city names → country (folding is applied by the matcher). */
export function cityEntries(): Array<{ name: string; country: string }> {
  const out: Array<{ name: string; country: string }> = [];
  for (const [cc, names] of Object.entries(CITIES))
    for (const n of names.split('|')) out.push({ name: n, country: cc });
  return out;
}
