import type { CaseContext } from './context.js';
import type { Repositories } from '../store/repositories.js';
import { runStage } from './run-stage.js';
import {
  attributeCase,
  type CaseAttributionSettings,
  type CaseModel,
} from '../pipeline/analyse/attribution/attribute-case.js';
import { defaultIpLookup } from '../pipeline/analyse/attribution/ip-data.js';
import { fold } from '../pipeline/analyse/attribution/text.js';
import type {
  ActorSignals,
  AttributionMessage,
  PhoneObservation,
} from '../pipeline/analyse/attribution/types.js';

/** Options of an attribution run. */
export interface AttributeActorsInput extends Omit<CaseAttributionSettings, 'ipLookup'> {
  readonly onProgress?: (done: number, total: number) => void;
}

/** What an attribution run produced. */
export interface AttributeActorsReport {
  readonly runId: string;
  readonly actors: number;
  readonly attributed: number;
  readonly abstained: number;
  readonly countries: Readonly<Record<string, number>>;
  /** The case's prior, signal reliabilities and calibration used (also recorded in the run's stats). */
  readonly model: CaseModel;
}

const push = <T>(m: Map<string, T[]>, k: string, v: T): void => {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
};

/** Gather every actor's signals from the store (messages, names, contact cards, returns, EXIF GPS). */
export async function loadActorSignals(
  store: Pick<Repositories, 'triage' | 'sources'>,
): Promise<ActorSignals[]> {
  const t = store.triage;
  const messages = new Map<string, AttributionMessage[]>();
  const phones = new Map<string, PhoneObservation[]>();
  const names = new Map<string, Array<{ name: string; source: string }>>();
  const byName = new Map<string, Set<string>>();
  for (const n of await t.actorNames()) {
    push(names, n.actor, { name: n.name, source: n.source });
    const key = fold(n.name).trim();
    if (key) byName.set(key, (byName.get(key) ?? new Set()).add(n.actor));
  }
  for (const m of await t.attributionMessages()) {
    push(messages, m.author, { chat: m.chat, message: m.message, dateUtc: m.dateUtc, text: m.text });
    if (!m.contactPhone) continue;
    // A contact card is the sender's own number when its name is one of the sender's names; otherwise it is
    // attributed to the one actor whose name it carries (never to the sender, who may be sharing someone else's).
    const holders = byName.get(fold(m.contactName ?? '').trim()) ?? new Set<string>();
    const source = { kind: 'message', chat: m.chat, message: m.message } as const;
    if (holders.has(m.author)) push(phones, m.author, { number: m.contactPhone, source, how: 'own-contact' });
    else if (holders.size === 1)
      push(phones, [...holders][0]!, { number: m.contactPhone, source, how: 'matched-contact' });
  }
  const ips = new Map<string, ActorSignals['ips'][number][]>();
  for (const r of await store.sources.listReturnRows()) {
    const source = { kind: 'returnRow', source: r.sourceId, line: r.line } as const;
    if (r.phone)
      push(phones, r.userId, { number: r.phone, statedCountry: r.phoneCountry, source, how: 'return' });
    if (r.ip) push(ips, r.userId, { ip: r.ip, source });
  }
  const gps = new Map<string, ActorSignals['gps'][number][]>();
  for (const g of await t.actorGps())
    push(gps, g.actor, { lat: g.lat, lon: g.lon, source: { kind: 'media', sha256: g.sha256 } });
  return (await t.actorIds()).map((id) => ({
    actor: id,
    messages: messages.get(id) ?? [],
    names: names.get(id) ?? [],
    phones: phones.get(id) ?? [],
    ips: ips.get(id) ?? [],
    gps: gps.get(id) ?? [],
  }));
}

/** Attribute every actor of the case and replace table `attribution` (one run, one audited transaction). */
export async function attributeActors(
  deps: Pick<CaseContext, 'store' | 'user'>,
  input: AttributeActorsInput = {},
): Promise<AttributeActorsReport> {
  const { onProgress, ...settings } = input;
  return runStage(deps, 'attribution', { ...settings }, async (run) => {
    const actors = await run.store.transaction((tx) => loadActorSignals(tx), { readonly: true });
    const { results, model } = attributeCase(actors, { ...settings, ipLookup: defaultIpLookup }, onProgress);
    const countries: Record<string, number> = {};
    for (const r of results) if (r.country) countries[r.country] = (countries[r.country] ?? 0) + 1;
    const attributed = results.filter((r) => !r.abstained).length;
    return {
      result: {
        runId: run.id,
        actors: results.length,
        attributed,
        abstained: results.length - attributed,
        countries: Object.fromEntries(Object.entries(countries).sort((a, b) => (a[0] < b[0] ? -1 : 1))),
        model,
      },
      stats: { actors: results.length, attributed, model },
      write: (tx) => tx.triage.replaceAttributions(run.id, results),
      audit: { command: 'attribute', details: { actors: results.length, attributed } },
    };
  });
}
