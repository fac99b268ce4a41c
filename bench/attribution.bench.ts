// Attribution throughput and accuracy on an invented world: actors with a known country, ~7 messages each
// (the article-scale mix: 70,000 messages over 10,000 actors), phones, IPs (some VPN), places, flags, expats.
// Run: npm run bench -- attribution
import { attributeActor } from '../src/pipeline/analyse/attribution/attribute.js';
import { attributeCase } from '../src/pipeline/analyse/attribution/attribute-case.js';
import { scoreAttribution } from '../src/pipeline/analyse/attribution/evaluate.js';
import type { IpLookup } from '../src/pipeline/analyse/attribution/ip.js';
import type { ActorSignals, Attribution } from '../src/pipeline/analyse/attribution/types.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from '../src/app/run-demo.js';
import { openCase } from '../src/app/context.js';
import { scoreTargets } from '../src/pipeline/analyse/attribution/evaluate.js';

const ACTORS = Number(process.env['ATTR_BENCH_ACTORS'] ?? 2000);
const MSGS_PER_ACTOR = 7;

interface World {
  cc: string;
  offset: number;
  phone: string;
  city: string;
  phrases: string[];
}
const WORLD: World[] = [
  {
    cc: 'FR',
    offset: 1,
    phone: '+33612345',
    city: 'Paris',
    phrases: [
      'Salut tout le monde, ça va ce soir ?',
      'Je suis complètement d’accord avec toi',
      'On se retrouve après le travail',
      'Merci beaucoup pour ton aide hier',
    ],
  },
  {
    cc: 'DE',
    offset: 1,
    phone: '+4915123456',
    city: 'Hamburg',
    phrases: [
      'Hallo zusammen, wie geht es euch heute?',
      'Ich bin total einverstanden mit dir',
      'Wir sehen uns morgen nach der Arbeit',
      'Vielen Dank für deine Hilfe gestern',
    ],
  },
  {
    cc: 'ES',
    offset: 1,
    phone: '+34612345',
    city: 'Madrid',
    phrases: [
      'Hola a todos, ¿qué tal estáis hoy?',
      'Estoy completamente de acuerdo contigo',
      'Nos vemos mañana después del trabajo',
      'Muchas gracias por tu ayuda ayer',
    ],
  },
  {
    cc: 'IT',
    offset: 1,
    phone: '+39312345',
    city: 'Milano',
    phrases: [
      'Ciao a tutti, come state oggi?',
      'Sono completamente d’accordo con te',
      'Ci vediamo domani dopo il lavoro',
      'Grazie mille per il tuo aiuto ieri',
    ],
  },
  {
    cc: 'PL',
    offset: 1,
    phone: '+48512345',
    city: 'Warszawa',
    phrases: [
      'Cześć wszystkim, co słychać dzisiaj?',
      'Całkowicie się z tobą zgadzam',
      'Widzimy się jutro po pracy',
      'Dziękuję bardzo za twoją pomoc wczoraj',
    ],
  },
  {
    cc: 'UA',
    offset: 2,
    phone: '+38050123',
    city: 'Київ',
    phrases: [
      'Привіт усім, як справи сьогодні?',
      'Я повністю з тобою згоден',
      'Побачимось завтра після роботи',
      'Дуже дякую за твою допомогу вчора',
    ],
  },
  {
    cc: 'RU',
    offset: 3,
    phone: '+7912123',
    city: 'Москва',
    phrases: [
      'Привет всем, как дела сегодня?',
      'Я полностью с тобой согласен',
      'Увидимся завтра после работы',
      'Большое спасибо за твою помощь вчера',
    ],
  },
  {
    cc: 'BR',
    offset: -3,
    phone: '+551198765',
    city: 'São Paulo',
    phrases: [
      'Oi pessoal, tudo bem com vocês hoje?',
      'Concordo totalmente com você',
      'A gente se vê amanhã depois do trabalho',
      'Muito obrigado pela sua ajuda ontem',
    ],
  },
  {
    cc: 'TR',
    offset: 3,
    phone: '+90532123',
    city: 'İstanbul',
    phrases: [
      'Herkese merhaba, bugün nasılsınız?',
      'Seninle tamamen aynı fikirdeyim',
      'Yarın işten sonra görüşürüz',
      'Dün yardımın için çok teşekkürler',
    ],
  },
  {
    cc: 'US',
    offset: -5,
    phone: '+1212555',
    city: 'Chicago',
    phrases: [
      'Hey everyone, how are you doing today?',
      'I totally agree with you on that',
      'See you tomorrow after work',
      'Thanks a lot for your help yesterday',
    ],
  },
  {
    cc: 'NL',
    offset: 1,
    phone: '+31612345',
    city: 'Rotterdam',
    phrases: [
      'Hallo allemaal, hoe gaat het vandaag?',
      'Ik ben het helemaal met je eens',
      'We zien elkaar morgen na het werk',
      'Heel erg bedankt voor je hulp gisteren',
    ],
  },
  {
    cc: 'MX',
    offset: -6,
    phone: '+52155123',
    city: 'Guadalajara',
    phrases: [
      'Qué onda a todos, cómo andan hoy?',
      'Estoy totalmente de acuerdo contigo',
      'Nos vemos mañana después del trabajo',
      'Muchas gracias por tu ayuda ayer',
    ],
  },
];
const HOURS = [20, 21, 22, 19, 13, 21, 23, 18, 12, 22];
const VPN_PREFIX = '185.';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Invented actors with their true country. */
function world(
  n: number,
  seed = 7,
): { actors: ActorSignals[]; truth: Array<{ actor: string; country: string }> } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const actors: ActorSignals[] = [];
  const truth: Array<{ actor: string; country: string }> = [];
  const t0 = Date.UTC(2025, 2, 1);
  for (let i = 0; i < n; i++) {
    const home = pick(WORLD);
    const origin = r() < 0.15 ? pick(WORLD) : home;
    const chrono = Math.round((r() - 0.5) * 3);
    const id = `telegram:user${10000 + i}`;
    const messages = Array.from({ length: MSGS_PER_ACTOR }, (_, k) => ({
      chat: 'telegram:channel1',
      message: i * 100 + k,
      dateUtc:
        t0 +
        Math.floor(r() * 60) * 86_400_000 +
        ((pick(HOURS) + chrono - home.offset + 48) % 24) * 3_600_000 +
        Math.floor(r() * 3_600_000),
      text:
        r() < 0.1
          ? `je pense que ${home.city} est loin`.replace('je pense que', '') + ' ' + pick(origin.phrases)
          : pick(origin.phrases),
    }));
    const phones =
      r() < 0.5
        ? [
            {
              number: `${(r() < 0.1 ? pick(WORLD) : home).phone}${pad(i % 100, 2)}`,
              source: { kind: 'returnRow', source: 'r', line: i } as const,
              how: 'return' as const,
            },
          ]
        : [];
    const ips =
      r() < 0.3
        ? [
            {
              ip: r() < 0.3 ? `${VPN_PREFIX}0.${i % 250}.1` : `10${WORLD.indexOf(home)}.1.${i % 250}.1`,
              source: { kind: 'returnRow', source: 'r', line: i } as const,
            },
          ]
        : [];
    const names = [
      {
        name:
          r() < 0.15
            ? `Name ${String.fromCodePoint(...[...origin.cc].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65))}`
            : 'Name',
        source: 's',
      },
    ];
    actors.push({ actor: id, messages, names, phones, ips, gps: [] });
    truth.push({ actor: id, country: home.cc });
  }
  return { actors, truth };
}

/** A synthetic IP database for the invented world (real lookups are benchmarked separately by maxmind). */
const lookup: IpLookup = {
  name: 'bench',
  country: (ip) =>
    ip.startsWith(VPN_PREFIX) ? 'NL' : (WORLD[Number(ip.split('.')[0]!.slice(2))]?.cc ?? null),
  asn: (ip) =>
    ip.startsWith(VPN_PREFIX)
      ? { asn: 9009, org: 'M247 Europe SRL', hosting: true }
      : { asn: 1, org: 'ISP', hosting: false },
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const { actors, truth } = world(ACTORS);
attributeActor(actors[0]!, { ipLookup: lookup }); // warm-up: load language and place data
const times: number[] = [];
const cpu: number[] = [];
let results: Attribution[] = [];
for (let run = 0; run < 3; run++) {
  const t = performance.now();
  const c = process.cpuUsage();
  // the whole case model: evidence, the case's reliabilities and prior, the shipped calibration
  results = attributeCase(actors, { ipLookup: lookup }).results;
  times.push((performance.now() - t) / 1000);
  const u = process.cpuUsage(c);
  cpu.push((u.user + u.system) / 1e6);
}
const perSec = ACTORS / median(times);
const perCpuSec = ACTORS / median(cpu);
const s = scoreAttribution(truth, results);
const FLOOR = 10_000 / 60; // 10,000 actors within one minute of the 10-minute pipeline budget
console.log(`## Attribution (\`npm run bench -- attribution\`)

Invented world: ${ACTORS} actors × ${MSGS_PER_ACTOR} messages, 12 countries, 15 % expats, phones for 50 % (10 % foreign),
IPs for 30 % (30 % of them VPN), flags for 15 %, place mentions in 10 % of messages.

| measure | value |
|---|---|
| actors attributed per second, wall clock (median of 3) | ${perSec.toFixed(0)} |
| actors attributed per CPU second (robust to a loaded machine) | ${perCpuSec.toFixed(0)} |
| ratio to the floor (${FLOOR.toFixed(0)} actors/s: 10,000 actors per minute), wall / CPU | ${(perSec / FLOOR).toFixed(2)}× / ${(perCpuSec / FLOOR).toFixed(2)}× |
| precision of confident answers | ${(s.precision * 100).toFixed(1)} % (${s.correct}/${s.answered}) |
| coverage (actors answered) | ${(s.coverage * 100).toFixed(1)} % |
| top-1 / top-3 over all actors | ${(s.top1 * 100).toFixed(1)} % / ${(s.top3 * 100).toFixed(1)} % |
| Brier score / ECE | ${s.brier.toFixed(3)} / ${s.ece.toFixed(3)} |
`);

// Optional: score a generated case against its truth.json (ATTR_BENCH_DEMO=small|medium|article; heavy at article),
// or an already generated demo folder (ATTR_BENCH_CASE=DIR, e.g. the output of `vigie demo --scale article`).
const demoScale = process.env['ATTR_BENCH_DEMO'];
const demoDir = process.env['ATTR_BENCH_CASE'];
if (demoScale === 'small' || demoScale === 'medium' || demoScale === 'article' || demoDir) {
  const r = demoDir
    ? {
        truth: join(demoDir, 'truth.json'),
        caseDir: join(demoDir, 'case'),
        stages: [] as { name: string; ms: number }[],
      }
    : await runDemo({
        out: join(mkdtempSync(join(tmpdir(), 'vigie-attr-bench-')), 'demo'),
        scale: demoScale === 'medium' || demoScale === 'article' ? demoScale : 'small',
        seed: 1,
        videos: false,
      });
  const attrMs = r.stages.find((x) => x.name === 'attribution')?.ms ?? 0;
  const truth = JSON.parse(readFileSync(r.truth, 'utf8')) as {
    actors: Array<{ id: string; role: string; country: string; posted: boolean }>;
  };
  const ctx = await openCase(r.caseDir, { readonly: true });
  const att = await ctx.store.triage.attributions();
  const posted = truth.actors.filter((a) => a.posted && a.role !== 'undercover');
  const g = scoreAttribution(
    posted.map((a) => ({ actor: a.id, country: a.country })),
    [...att].map(([actor, a]) => ({ actor, ...a })),
  );
  const producers = truth.actors.filter((a) => a.role === 'producer').map((a) => a.id);
  const t = scoreTargets(
    producers,
    (await ctx.store.triage.scores()).map((x) => x.actor),
  );
  await ctx.close();
  console.log(`### Generated case (\`${demoDir ? `ATTR_BENCH_CASE=${demoDir}` : `ATTR_BENCH_DEMO=${demoScale}`} npm run bench -- attribution\`, seed 1)

| measure | value |
|---|---|
| actors attributed (whole case) in the attribute stage | ${att.size} in ${(attrMs / 1000).toFixed(1)} s |
| precision of confident answers (posting actors) | ${(g.precision * 100).toFixed(1)} % (${g.correct}/${g.answered}) |
| coverage | ${(g.coverage * 100).toFixed(1)} % of ${g.actors} |
| top-1 / top-3 | ${(g.top1 * 100).toFixed(1)} % / ${(g.top3 * 100).toFixed(1)} % |
| Brier score / ECE | ${g.brier.toFixed(3)} / ${g.ece.toFixed(3)} |
| producers in the top 2 × producers | ${t.found}/${t.producers} (k = ${t.k}) |
`);
}
