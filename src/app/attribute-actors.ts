import type { CaseContext } from './context.js';
import { appendAudit } from '../store/audit.js';
import { finishRun, startRun } from '../store/runs.js';
import {
  listActorGps,
  listActorIds,
  listActorNames,
  listAttributionMessages,
  replaceAttributions,
} from '../store/attribution.js';
import { listReturnRows } from '../store/returns.js';
import { attributeActor, type AttributionSettings } from '../pipeline/analyse/attribution/attribute.js';
import { defaultIpLookup } from '../pipeline/analyse/attribution/ip-data.js';
import { fold } from '../pipeline/analyse/attribution/text.js';
import type {
  ActorSignals,
  Attribution,
  AttributionMessage,
  PhoneObservation,
} from '../pipeline/analyse/attribution/types.js';

/** Options of an attribution run. */
export interface AttributeActorsInput extends Omit<AttributionSettings, 'ipLookup'> {
  readonly onProgress?: (done: number, total: number) => void;
}

/** What an attribution run produced. */
export interface AttributeActorsReport {
  readonly runId: string;
  readonly actors: number;
  readonly attributed: number;
  readonly abstained: number;
  readonly countries: Readonly<Record<string, number>>;
}

const push = <T>(m: Map<string, T[]>, k: string, v: T): void => {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
};

/** Gather every actor's signals from the store (messages, names, contact cards, returns, EXIF GPS). */
export function loadActorSignals(raw: CaseContext['db']['raw']): ActorSignals[] {
  const messages = new Map<string, AttributionMessage[]>();
  const phones = new Map<string, PhoneObservation[]>();
  const names = new Map<string, Array<{ name: string; source: string }>>();
  const byName = new Map<string, Set<string>>();
  for (const n of listActorNames(raw)) {
    push(names, n.actor, { name: n.name, source: n.source });
    const key = fold(n.name).trim();
    if (key) byName.set(key, (byName.get(key) ?? new Set()).add(n.actor));
  }
  for (const m of listAttributionMessages(raw)) {
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
  for (const r of listReturnRows(raw)) {
    const source = { kind: 'returnRow', source: r.sourceId, line: r.line } as const;
    if (r.phone)
      push(phones, r.userId, { number: r.phone, statedCountry: r.phoneCountry, source, how: 'return' });
    if (r.ip) push(ips, r.userId, { ip: r.ip, source });
  }
  const gps = new Map<string, ActorSignals['gps'][number][]>();
  for (const g of listActorGps(raw))
    push(gps, g.actor, { lat: g.lat, lon: g.lon, source: { kind: 'media', sha256: g.sha256 } });
  return listActorIds(raw).map((id) => ({
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
  deps: Pick<CaseContext, 'db' | 'user'>,
  input: AttributeActorsInput = {},
): Promise<AttributeActorsReport> {
  const raw = deps.db.raw;
  const { onProgress, ...settings } = input;
  const runId = startRun(raw, 'attribution', { ...settings });
  const actors = loadActorSignals(raw);
  const results: Attribution[] = [];
  actors.forEach((a, i) => {
    results.push(attributeActor(a, { ...settings, ipLookup: defaultIpLookup }));
    if (onProgress && (i % 200 === 0 || i === actors.length - 1)) onProgress(i + 1, actors.length);
  });
  const countries: Record<string, number> = {};
  for (const r of results) if (r.country) countries[r.country] = (countries[r.country] ?? 0) + 1;
  const attributed = results.filter((r) => !r.abstained).length;
  raw.transaction(() => {
    replaceAttributions(raw, runId, results);
    appendAudit(raw, {
      user: deps.user,
      command: 'attribute',
      subject: runId,
      details: { actors: results.length, attributed },
    });
    finishRun(raw, runId, 'ok', { actors: results.length, attributed });
  })();
  return {
    runId,
    actors: results.length,
    attributed,
    abstained: results.length - attributed,
    countries: Object.fromEntries(Object.entries(countries).sort((a, b) => (a[0] < b[0] ? -1 : 1))),
  };
}
