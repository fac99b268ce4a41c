/**
 * Language → country prior P(main chat language l | country c), compiled by hand from the official status of
 * languages (sole official ≈ 0.85–0.95; co-official split by the majority share; regional or minority
 * official ≈ 0.05–0.3). Second-language speakers are deliberately NOT counted (see docs/attribution.md: CLDR's
 * territoryInfo counts them, which makes English point everywhere). Shares are approximate; a country's missing
 * share goes to the floor `LANG_FLOOR` of every other language.
 */

/** P(l | c) for a language not listed for the country. */
export const LANG_FLOOR = 0.004;

/** English as a lingua franca: P(en | c) in countries where English is not official. */
export const ENGLISH_BASELINE = 0.04;

const TABLE: Readonly<Record<string, string>> = {
  en: 'US .8 GB .95 IE .9 AU .95 NZ .95 CA .7 ZA .1 NG .5 GH .6 KE .3 UG .3 ZM .5 ZW .5 IN .1 PK .1 PH .3 SG .4 MT .3 JM .95 TT .95 BS .95 BB .95 BZ .6 GY .9 LR .9 SL .6 GM .6 BW .3 NA .2 MW .3 FJ .4 PG .2 LC .9 GD .9 VC .9 AG .9 KN .9 DM .9 MU .1 CM .2 RW .1 SS .4 TZ .1 PR .2 GU .9 VI .9 BM .95 KY .95 GI .5',
  fr: 'FR .93 BE .4 CH .22 LU .2 MC .8 CA .22 CI .6 SN .3 ML .2 BF .2 NE .2 CM .4 CD .3 CG .6 GA .7 BJ .5 TG .5 GN .3 MG .2 HT .5 DZ .15 MA .1 TN .1 RW .05 BI .2 TD .2 CF .4 DJ .3 KM .3 SC .1 VU .3 NC .9 PF .9 GP .95 MQ .95 RE .95 GF .9 YT .6 PM .95 BL .95 MF .9 WF .8 MU .1',
  de: 'DE .93 AT .93 CH .62 LI .95 LU .15 BE .01 IT .005',
  es: 'ES .85 MX .95 AR .95 CO .97 PE .85 VE .95 CL .95 EC .93 GT .85 CU .97 BO .7 DO .97 HN .97 PY .5 SV .97 NI .95 CR .97 PA .9 UY .97 PR .75 GQ .6 US .12 AD .3',
  pt: 'PT .95 BR .97 AO .7 MZ .4 GW .3 CV .4 ST .8 TL .1 MO .01',
  it: 'IT .93 SM .95 VA .6 CH .08 MT .05',
  nl: 'NL .93 BE .55 SR .6 AW .3 CW .2 SX .2',
  pl: 'PL .97',
  ru: 'RU .93 BY .65 KZ .45 KG .3 UA .3 LV .3 EE .25 MD .1 UZ .05 TJ .03 TM .05 AM .02 AZ .03 GE .03 LT .06 IL .1',
  uk: 'UA .65',
  be: 'BY .25',
  kk: 'KZ .5',
  ar: 'SA .95 EG .97 AE .6 QA .6 KW .7 BH .6 OM .7 YE .97 IQ .75 SY .85 JO .97 LB .8 PS .95 IL .18 DZ .7 MA .6 TN .85 LY .95 SD .8 MR .8 TD .2 DJ .3 KM .2 SO .2 EH .8',
  tr: 'TR .85 CY .2 DE .02',
  ro: 'RO .9 MD .75',
  cs: 'CZ .95',
  sk: 'SK .85',
  hu: 'HU .97 RO .06 SK .08 RS .03',
  sv: 'SE .9 FI .05',
  da: 'DK .93 GL .1 FO .1',
  no: 'NO .93',
  fi: 'FI .88',
  et: 'EE .68',
  lv: 'LV .6',
  lt: 'LT .85',
  el: 'GR .97 CY .75',
  bg: 'BG .85',
  sr: 'RS .85 BA .3 ME .4 XK .05',
  hr: 'HR .95 BA .15 ME .02',
  sl: 'SI .9',
  sq: 'AL .97 XK .9 MK .25 ME .05',
  hy: 'AM .97',
  ka: 'GE .85',
  az: 'AZ .9',
  he: 'IL .7',
  fa: 'IR .75 AF .4 TJ .02',
  ku: 'IQ .15 TR .1 SY .08 IR .07',
  ur: 'PK .3',
  hi: 'IN .45 FJ .3',
  bn: 'BD .97 IN .08',
  pa: 'PK .4 IN .03',
  ta: 'IN .06 LK .2 SG .05',
  te: 'IN .07',
  mr: 'IN .07',
  gu: 'IN .05',
  kn: 'IN .04',
  ml: 'IN .03',
  or: 'IN .03',
  am: 'ET .5',
  yo: 'NG .2 BJ .1',
  zh: 'CN .97 TW .95 HK .9 MO .9 SG .4 MY .2',
  ja: 'JP .99',
  ko: 'KR .99 KP .99',
  vi: 'VN .95',
  th: 'TH .95',
  lo: 'LA .9',
  // eld has no Indonesian: it labels Indonesian text `ms` (the Malay macrolanguage), so `ms` stands for both.
  ms: 'MY .6 BN .7 SG .1 ID .85',
  tl: 'PH .6',
  ca: 'AD .6 ES .08',
  eu: 'ES .02',
  is: 'IS .95',
};

let parsed: Map<string, Map<string, number>> | undefined;

/** The table as language → (country → share). */
export function languageTable(): Map<string, Map<string, number>> {
  if (parsed) return parsed;
  parsed = new Map();
  for (const [lang, spec] of Object.entries(TABLE)) {
    const m = new Map<string, number>();
    const parts = spec.split(' ');
    for (let i = 0; i + 1 < parts.length; i += 2) m.set(parts[i]!, Number(parts[i + 1]));
    parsed.set(lang, m);
  }
  return parsed;
}

/** P(l | c): the share of people in c whose main chat language is l (floors applied). */
export function langGivenCountry(lang: string, country: string): number {
  const share = languageTable().get(lang)?.get(country);
  if (share !== undefined) return share;
  if (lang === 'en') return ENGLISH_BASELINE;
  return LANG_FLOOR;
}

/** Languages the table knows. */
export function knownLanguages(): string[] {
  return [...languageTable().keys()].sort();
}
