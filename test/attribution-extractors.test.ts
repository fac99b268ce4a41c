import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  languageDistribution,
  languageEvidence,
  mainLanguage,
} from '../src/pipeline/analyse/attribution/language.js';
import { cleanText } from '../src/pipeline/analyse/attribution/text.js';
import { timezoneEvidence, zoneOffsetMinutes } from '../src/pipeline/analyse/attribution/timezone.js';
import { parsePhone, phoneEvidence } from '../src/pipeline/analyse/attribution/phone.js';
import { ipEvidence, type IpLookup } from '../src/pipeline/analyse/attribution/ip.js';
import { defaultIpLookup } from '../src/pipeline/analyse/attribution/ip-data.js';
import { countryOfPoint, gpsEvidence } from '../src/pipeline/analyse/attribution/gps.js';
import { findPlaces, placeEvidence } from '../src/pipeline/analyse/attribution/places.js';
import { findFlags, flagEvidence } from '../src/pipeline/analyse/attribution/flags.js';
import { likelihood } from '../src/pipeline/analyse/attribution/combine.js';
import type { AttributionMessage } from '../src/pipeline/analyse/attribution/types.js';

const msg = (text: string, i = 0, dateUtc: number | null = null): AttributionMessage => ({
  chat: 'telegram:chat1',
  message: i,
  dateUtc,
  text,
});
const row = (line: number) => ({ kind: 'returnRow', source: 'returns-x', line }) as const;

test('text clean-up strips URLs, mentions, emoji and digits', () => {
  assert.equal(cleanText('voir https://ex.org/a @bob 😂😂 42 fois'), 'voir fois');
});

test('language distribution: majority per person, English code-switching does not hide the main language', () => {
  const fr = [
    'Salut tout le monde, on se retrouve ce soir ?',
    'Je suis complètement d’accord avec toi',
    'Merci beaucoup pour ton aide hier soir',
    'ok 👍',
    'see you later my friend, have a nice day',
  ];
  const d = languageDistribution(fr.map((t, i) => msg(t, i)));
  assert.equal(d.n, 4, 'the 2-letter message is skipped');
  assert.equal(d.shares[0]?.lang, 'fr');
  assert.equal(
    mainLanguage({
      n: 10,
      shares: [
        { lang: 'en', share: 0.6 },
        { lang: 'uk', share: 0.4 },
      ],
      agreement: 1,
    }),
    'uk',
  );
  const ev = languageEvidence(fr.map((t, i) => msg(t, i)))!;
  assert.ok(likelihood(ev, 'FR') > 10 * likelihood(ev, 'DE'));
  assert.ok(likelihood(ev, 'FR') > likelihood(ev, 'CH'), 'official-status weighting: FR above CH for French');
});

test('language: a restricted language set is honoured', () => {
  const uk = [
    'Привіт, як справи у тебе сьогодні?',
    'Дякую, все добре, побачимось завтра',
    'Сьогодні дуже холодно на вулиці',
  ];
  const d = languageDistribution(
    uk.map((t, i) => msg(t, i)),
    ['ru', 'uk', 'en'],
  );
  assert.equal(d.shares[0]?.lang, 'uk');
});

test('zone offsets follow DST through Intl', () => {
  assert.equal(zoneOffsetMinutes('Europe/Paris', Date.UTC(2024, 0, 15)), 60);
  assert.equal(zoneOffsetMinutes('Europe/Paris', Date.UTC(2024, 6, 15)), 120);
  assert.equal(zoneOffsetMinutes('Europe/Moscow', Date.UTC(2024, 6, 15)), 180);
  assert.equal(zoneOffsetMinutes('America/New_York', Date.UTC(2024, 6, 15)), -240);
});

function activity(localOffsetH: number, n: number): AttributionMessage[] {
  // Evening-heavy chat pattern in local time: 19–23 h with some daytime messages.
  const hours = [20, 21, 22, 19, 13, 21, 22, 18, 23, 12];
  return Array.from({ length: n }, (_, i) =>
    msg('x', i, Date.UTC(2024, 2, 1 + i) + (hours[i % hours.length]! - localOffsetH) * 3_600_000),
  );
}

test('activity hours separate regions (Europe vs Americas), not neighbours', () => {
  const paris = timezoneEvidence(activity(1, 40))!;
  assert.ok(likelihood(paris, 'FR') > 10 * likelihood(paris, 'US'), 'capped by the floor: at most ~25x');
  assert.ok(likelihood(paris, 'DE') / likelihood(paris, 'FR') > 0.8, 'neighbours stay close');
  const ny = timezoneEvidence(activity(-5, 40))!;
  assert.ok(likelihood(ny, 'US') > 10 * likelihood(ny, 'FR'));
  assert.equal(timezoneEvidence(activity(1, 3)), null, 'too few timestamps');
});

test('phones: country from the number, never a guessed default; +888 and VOIP recorded without a country', () => {
  assert.equal(parsePhone('+380 50 123 4567')?.country, 'UA');
  assert.equal(parsePhone('0033 6 12 34 56 78')?.country, 'FR');
  assert.equal(parsePhone('79123456789')?.country, 'RU');
  assert.equal(parsePhone('06 12 34 56 78'), null, 'national format without a stated country');
  assert.equal(parsePhone('06 12 34 56 78', 'FR')?.country, 'FR');
  assert.equal(
    parsePhone('2125550123', 'US')?.country,
    'US',
    'a stated country wins over the bare-digits rule',
  );
  assert.notEqual(
    parsePhone('2125550123')?.country,
    'US',
    'without it, bare digits are read as international',
  );
  const anon = parsePhone('+888 0412 3456')!;
  assert.equal(anon.country, null);
  assert.equal(anon.flag, 'anonymous');
  const ev = phoneEvidence([
    { number: '+888 0412 3456', source: row(2), how: 'return' },
    { number: '+380501234567', source: row(3), how: 'return' },
  ]);
  assert.equal(ev.length, 2);
  const anonEv = ev.find((e) => e.flags?.includes('anonymous'))!;
  assert.equal(anonEv.weight, 0);
  const ua = ev.find((e) => e.countries['UA'])!;
  assert.ok(likelihood(ua, 'UA') > 100 * likelihood(ua, 'PL'));
});

const fakeLookup: IpLookup = {
  name: 'test',
  country: (ip) => (ip.startsWith('5.') ? 'UA' : ip.startsWith('185.') ? 'NL' : null),
  asn: (ip) =>
    ip.startsWith('185.')
      ? { asn: 9009, org: 'M247 Europe SRL', hosting: true }
      : { asn: 15895, org: 'Kyivstar', hosting: false },
};

test('IPs: country of the access network; hosting/VPN flagged and down-weighted', () => {
  const [nl, ua] = ipEvidence(
    [
      { ip: '5.1.2.3', source: row(2) },
      { ip: '185.1.2.3', source: row(3) },
    ],
    fakeLookup,
  );
  assert.ok(nl!.flags?.includes('vpn'));
  assert.equal(nl!.alpha, 0.9);
  assert.equal(ua!.alpha, 0.3);
  const lrVpn = likelihood(nl!, 'NL') / likelihood(nl!, 'FR');
  const lrPlain = likelihood(ua!, 'UA') / likelihood(ua!, 'FR');
  assert.ok(lrVpn < 2 && lrPlain > 50, `vpn ${lrVpn}, plain ${lrPlain}`);
  assert.equal(
    ipEvidence([{ ip: '10.0.0.1', source: row(4) }], fakeLookup)[0]?.weight,
    0,
    'private address: no country',
  );
});

test('IPs: the shipped offline databases resolve well-known addresses', () => {
  assert.equal(defaultIpLookup.country('8.8.8.8'), 'US');
  assert.equal(defaultIpLookup.country('193.0.6.139'), 'NL');
  assert.equal(defaultIpLookup.asn('8.8.8.8')?.asn, 15169);
});

test('EXIF GPS: point to country with the disputed-territory override and border flag', () => {
  assert.equal(countryOfPoint(48.85, 2.35).country, 'FR');
  const crimea = countryOfPoint(44.95, 34.1);
  assert.equal(crimea.country, 'UA');
  assert.match(crimea.disputed ?? '', /Crimea/);
  const [ev] = gpsEvidence([{ lat: 44.95, lon: 34.1, source: { kind: 'media', sha256: 'ab' } }]);
  assert.ok(ev!.flags?.includes('disputed'));
  assert.equal(
    gpsEvidence([{ lat: 0, lon: 0, source: { kind: 'media', sha256: 'cd' } }]).length,
    0,
    'null island ignored',
  );
});

test('places: multilingual country names and curated cities, inflections, few false hits', () => {
  const found = (t: string) => findPlaces(t).map((p) => p.country);
  assert.deepEqual(found('я живу в Москве'), ['RU']);
  assert.deepEqual(found('mieszkam w Warszawie'), ['PL']);
  assert.deepEqual(found("İstanbul'dayım"), ['TR']);
  assert.deepEqual(found('أنا في دبي'), ['AE']);
  assert.deepEqual(found('on part en Allemagne demain'), ['DE']);
  assert.deepEqual(found('Германия'), ['DE']);
  for (const t of [
    'I will send it later',
    'hola amigo',
    'je suis là',
    'grave mon pote',
    'a hamburger please',
    'Jordan and Chad are here',
    'porto bene il pane',
  ])
    assert.deepEqual(found(t), [], t);
  const ev = placeEvidence([msg('je suis à Paris', 1), msg('Paris encore', 2)]);
  assert.equal(ev.length, 2);
  assert.ok(ev[0]!.weight < 1, 'repeated mentions are tempered');
});

test('flags: regional indicators and subdivision tags; EU and UN dropped', () => {
  assert.deepEqual(findFlags('Taras 🇺🇦🇵🇱 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} 🇪🇺'), [
    'UA',
    'PL',
    'gbsct',
  ]);
  const ev = flagEvidence([{ name: 'Taras 🇺🇦', source: 's1' }]);
  assert.equal(ev.length, 1);
  assert.equal(ev[0]!.signal, 'flag');
  assert.ok(ev[0]!.weight <= 0.5);
});
