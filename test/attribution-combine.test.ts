import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combine } from '../src/pipeline/analyse/attribution/combine.js';
import { pointEvidence } from '../src/pipeline/analyse/attribution/evidence-util.js';
import { ipEvidence, type IpLookup } from '../src/pipeline/analyse/attribution/ip.js';
import { attributeActor } from '../src/pipeline/analyse/attribution/attribute.js';
import { scoreAttribution, scoreTargets } from '../src/pipeline/analyse/attribution/evaluate.js';
import type { ActorSignals, EvidenceItem } from '../src/pipeline/analyse/attribution/types.js';

const src = (line: number) => ({ kind: 'returnRow', source: 'r', line }) as const;
const lang = (countries: Record<string, number>): EvidenceItem => ({
  signal: 'language',
  value: 'language x',
  countries,
  otherwise: 0.004,
  alpha: 0.15,
  background: 0.05,
  weight: 1,
  source: { kind: 'messages', count: 20, sample: [] },
});

test('abstains with only weak signals, and below the threshold', () => {
  const weak = combine('a', [lang({ PL: 0.97 })]);
  assert.equal(weak.abstained, true);
  assert.equal(weak.country, null);
  assert.match(weak.reason!, /weak/);
  assert.equal(weak.candidates[0]?.country, 'PL', 'candidates are still ranked');
  const lone = combine('b', [pointEvidence('place', 'PL', 'mention', 0.4, 1, src(1))]);
  assert.equal(lone.abstained, true);
  assert.match(lone.reason!, /< 0.6/);
  const none = combine('c', []);
  assert.equal(none.reason, 'no evidence');
});

test('phone plus language gives a confident answer with explained evidence', () => {
  const r = combine('a', [lang({ PL: 0.97 }), pointEvidence('phone', 'PL', 'phone +48…', 0.15, 1, src(2))]);
  assert.equal(r.abstained, false);
  assert.equal(r.country, 'PL');
  assert.ok(r.probability > 0.9);
  const phone = r.evidence.find((e) => e.signal === 'phone')!;
  assert.ok(phone.bits > 5 && phone.likelihoodRatio > 32);
  assert.deepEqual(phone.source, src(2));
  assert.equal(phone.kind, 'residence');
  assert.equal(r.origin?.country, 'PL');
});

test('tempering: k repeats of one signal count less than k independent signals', () => {
  const k = 4;
  const tempered = Array.from({ length: k }, (_, i) =>
    pointEvidence('place', 'DE', 'mention', 0.4, 1 / Math.sqrt(k), src(i)),
  );
  const untempered = Array.from({ length: k }, (_, i) =>
    pointEvidence('place', 'DE', 'mention', 0.4, 1, src(i)),
  );
  const a = combine('a', tempered);
  const b = combine('b', untempered);
  assert.ok(a.probability < b.probability, `${a.probability} < ${b.probability}`);
  assert.ok(b.probability > 0.99);
});

test('a VPN IP is flagged and cannot outvote a phone; a plain IP of the same country would', () => {
  const lookup: IpLookup = {
    name: 'test',
    country: () => 'NL',
    asn: (ip) =>
      ip === '185.0.0.1'
        ? { asn: 9009, org: 'M247 Europe SRL', hosting: true }
        : { asn: 1136, org: 'KPN', hosting: false },
  };
  const phone = pointEvidence('phone', 'UA', 'phone +380…', 0.15, 1, src(1));
  const vpn = combine('a', [
    lang({ UA: 0.65, RU: 0.3 }),
    phone,
    ...ipEvidence([{ ip: '185.0.0.1', source: src(2) }], lookup),
  ]);
  assert.equal(vpn.country, 'UA');
  const ipEv = vpn.evidence.find((e) => e.signal === 'ip')!;
  assert.deepEqual(ipEv.flags, ['vpn']);
  assert.ok(Math.abs(ipEv.bits) < 1, `VPN IP moves little: ${ipEv.bits} bits`);
  const plain = combine('b', [
    phone,
    ...ipEvidence(
      [
        { ip: '145.0.0.1', source: src(2) },
        { ip: '145.0.0.2', source: src(3) },
      ],
      lookup,
    ),
  ]);
  const plainIp = plain.evidence.find((e) => e.signal === 'ip')!;
  assert.ok(Math.abs(plainIp.bits) > Math.abs(ipEv.bits));
});

test('attribution is deterministic and explains every signal', () => {
  const base = Date.UTC(2024, 3, 1);
  const actor: ActorSignals = {
    actor: 'telegram:user7',
    messages: Array.from({ length: 12 }, (_, i) => ({
      chat: 'telegram:chat1',
      message: i,
      dateUtc: base + i * 86_400_000 + (18 + (i % 4)) * 3_600_000,
      text: ['Cześć, co słychać u ciebie?', 'Jutro jadę do Krakowa z rodziną', 'Dzięki, wszystko w porządku'][
        i % 3
      ]!,
    })),
    names: [{ name: 'Piotr 🇵🇱', source: 's1' }],
    phones: [{ number: '+48 512 345 678', source: src(2), how: 'return' }],
    ips: [],
    gps: [],
  };
  const a = attributeActor(actor);
  const b = attributeActor(actor);
  assert.deepEqual(a, b);
  assert.equal(a.country, 'PL');
  assert.deepEqual([...new Set(a.evidence.map((e) => e.signal))].sort(), [
    'flag',
    'language',
    'phone',
    'place',
    'timezone',
  ]);
  assert.ok(
    attributeActor(actor, { exclude: ['phone', 'place', 'flag'] }).abstained,
    'an analyst can drop observations',
  );
});

test('scoreAttribution: precision of confident answers, coverage, top-k; scoreTargets: producers in the top 2k', () => {
  const truth = [
    { actor: 'a', country: 'FR' },
    { actor: 'b', country: 'DE' },
    { actor: 'c', country: 'PL' },
    { actor: 'd', country: 'UA' },
  ];
  const res = [
    {
      actor: 'a',
      country: 'FR',
      abstained: false,
      probability: 0.9,
      candidates: [
        { country: 'FR', probability: 0.9 },
        { country: 'BE', probability: 0.05 },
      ],
    },
    {
      actor: 'b',
      country: 'AT',
      abstained: false,
      probability: 0.7,
      candidates: [
        { country: 'AT', probability: 0.7 },
        { country: 'DE', probability: 0.3 },
      ],
    },
    {
      actor: 'c',
      country: null,
      abstained: true,
      probability: 0.4,
      candidates: [{ country: 'PL', probability: 0.4 }],
    },
  ];
  const s = scoreAttribution(truth, res);
  assert.equal(s.answered, 2);
  assert.equal(s.correct, 1);
  assert.equal(s.precision, 0.5);
  assert.equal(s.coverage, 0.5);
  assert.equal(s.top1, 0.5);
  assert.equal(s.top3, 0.75);
  assert.ok(s.ece >= 0 && s.ece <= 1);
  const t = scoreTargets(['p1', 'p2'], ['p1', 'x', 'y', 'p2', 'z']);
  assert.equal(t.k, 4);
  assert.equal(t.allInTop, true);
  assert.deepEqual(scoreTargets(['p1', 'p2'], ['p1', 'x', 'y', 'z', 'p2']).missing, ['p2']);
});

test('adversarial: +888 alone abstains; a flag contradicting the phone loses; all-English text stays weak', () => {
  const anon = attributeActor({
    actor: 'a',
    messages: [],
    names: [],
    phones: [{ number: '+888 0412 3456', source: src(1), how: 'return' }],
    ips: [],
    gps: [],
  });
  assert.equal(anon.abstained, true);
  assert.ok(anon.evidence.some((e) => e.flags.includes('anonymous')));
  const flagVsPhone = attributeActor({
    actor: 'b',
    messages: [],
    names: [{ name: 'Ivan 🇷🇺', source: 's' }],
    phones: [{ number: '+380501234567', source: src(2), how: 'return' }],
    ips: [],
    gps: [],
  });
  assert.equal(flagVsPhone.candidates[0]?.country, 'UA');
  const english = attributeActor({
    actor: 'c',
    messages: [
      'see you tomorrow after work my friend',
      'thanks a lot for your help yesterday',
      'I totally agree with you on that',
    ].map((text, i) => ({ chat: 'c', message: i, dateUtc: null, text })),
    names: [],
    phones: [],
    ips: [],
    gps: [],
  });
  assert.equal(english.abstained, true);
  assert.ok(english.candidates[0]!.probability < 0.2, 'English points nowhere in particular');
});
