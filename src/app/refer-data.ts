import { readFileSync } from 'node:fs';
import type { CaseContext } from './context.js';
import type { TargetItem } from './list-targets.js';
import { isoUtc } from '../domain/time.js';
import { VIGIE_VERSION } from '../domain/version.js';
import { parseRawRef, readRawBytes } from '../store/import-raw.js';
import type { ReferralMediaRow, ReferralMessageRow } from '../store/referrals.js';
import {
  caseKeyOf,
  packageIdOf,
  pseudonymOf,
  type EvidenceData,
  byPostTime,
  type MediaData,
  type MessageData,
  type ReferralData,
  type TargetData,
} from '../referral/model.js';
import { zoneOf } from '../referral/zones.js';
import { REFER_COMMAND } from '../domain/audit-commands.js';

/** What the package says beyond the case: recipient, sender, reference, options. */
export interface ReferralOptions {
  readonly country: string;
  readonly agency: string;
  readonly reference: string | null;
  readonly includeMedia: boolean;
  readonly forced: { readonly reason: string } | null;
}

type Deps = Pick<CaseContext, 'store' | 'info' | 'evidence'>;

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));
const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);

function targetOf(t: TargetItem, names: TargetData['names'], clusters: TargetData['clusters']): TargetData {
  const factors = (t.factors as Record<string, unknown>[]).map((f) => ({
    name: str(f['name']),
    value: num(f['value']),
    weight: num(f['weight']),
    contribution: num(f['contribution']),
    facts: Array.isArray(f['facts']) ? (f['facts'] as unknown[]).map(str) : [],
  }));
  const evidence: EvidenceData[] = ((t.attribution?.evidence ?? []) as Record<string, unknown>[]).map(
    (e) => ({
      signal: str(e['signal']),
      value: str(e['value']),
      reliability: typeof e['reliability'] === 'number' ? e['reliability'] : null,
      countries: (e['countries'] ?? {}) as Record<string, number>,
      source: str(e['source']),
    }),
  );
  return {
    actor: t.actor,
    rank: t.rank,
    score: t.score,
    factors,
    country: t.attribution?.country ?? null,
    probability: t.attribution?.probability ?? null,
    evidence,
    decision: t.decision && {
      decision: t.decision.decision,
      reason: t.decision.reason,
      user: t.decision.user,
      at: t.decision.at,
    },
    names,
    clusters,
  };
}

/** Gather everything a package holds for these targets (already checked) from the case, read-only. */
export async function gatherReferral(
  deps: Deps,
  targets: readonly TargetItem[],
  o: ReferralOptions,
): Promise<ReferralData> {
  const caseKey = caseKeyOf(deps.info.name, deps.info.created);
  const actors = targets.map((t) => t.actor).sort();
  const isTarget = new Set(actors);
  const r = deps.store.referrals;
  const names = await r.names(actors);
  const clusters = await r.clustersBy(actors);
  const own = await r.messagesBy(actors);
  // The messages targets replied to, per chat; a third party's appears under its pseudonym, without text.
  const byChat = new Map<string, ReferralMessageRow[]>();
  for (const m of own) byChat.set(m.chatId, [...(byChat.get(m.chatId) ?? []), m]);
  const cited: ReferralMessageRow[] = [...own];
  for (const [chat, msgs] of byChat) {
    const have = new Set(msgs.map((m) => m.messageId));
    const wanted = [
      ...new Set(msgs.map((m) => m.replyTo).filter((x): x is number => x !== null && !have.has(x))),
    ];
    if (wanted.length) cited.push(...(await r.messagesIn(chat, wanted)));
  }
  cited.sort((a, b) => (a.chatId < b.chatId ? -1 : a.chatId > b.chatId ? 1 : a.messageId - b.messageId));
  const targetNames = new Set(names.map((n) => n.name));
  const label = (actor: string | null): string | null =>
    actor === null ? null : isTarget.has(actor) ? actor : pseudonymOf(caseKey, actor);
  const messages: MessageData[] = [];
  for (const m of cited) {
    const byTarget = m.authorId !== null && isTarget.has(m.authorId);
    let raw: MessageData['raw'] = null;
    if (byTarget) {
      const ref = parseRawRef(m.raw);
      const exportSha256 = ref
        ? (ref.sha256 ??
          (ref.sourceId ? ((await deps.store.sources.sourceSha256(ref.sourceId)) ?? null) : null))
        : null;
      raw = {
        bytes: await readRawBytes(deps, m.raw),
        html: m.raw.startsWith('<') || (ref === null && !m.raw.startsWith('{')),
        origin: {
          sourceId: ref?.sourceId ?? m.sourceId,
          exportSha256,
          offset: ref?.offset ?? null,
          length: ref?.length ?? null,
        },
      };
    }
    messages.push({
      chatId: m.chatId,
      messageId: m.messageId,
      author: label(m.authorId),
      byTarget,
      dateUtc: isoUtc(m.dateUtc),
      text: byTarget ? m.text : null,
      replyTo: m.replyTo,
      forwardedFrom:
        m.forwardedFrom === null
          ? null
          : targetNames.has(m.forwardedFrom)
            ? m.forwardedFrom
            : pseudonymOf(caseKey, `name:${m.forwardedFrom}`),
      raw,
    });
  }
  const media = await gatherMedia(deps, own, label, o.includeMedia);
  const chatIds = [...new Set(cited.map((m) => m.chatId))];
  const audit = await deps.store.audit.list();
  return {
    caseName: deps.info.name,
    caseKey,
    packageId: packageIdOf(caseKey, o.country, actors),
    country: o.country,
    zone: zoneOf(o.country),
    agency: o.agency,
    reference: o.reference,
    toolVersion: VIGIE_VERSION,
    includeMedia: o.includeMedia,
    forced: o.forced,
    sources: (await r.sources()).map((s) => ({
      id: s.id,
      kind: s.kind,
      sha256: s.sha256,
      account: s.label,
      importedAt: s.importedAt,
    })),
    chats: await r.chats(chatIds),
    targets: targets.map((t) =>
      targetOf(
        t,
        names
          .filter((n) => n.actor === t.actor)
          .map((n) => ({ name: n.name, firstSeen: isoUtc(n.firstSeen), lastSeen: isoUtc(n.lastSeen) })),
        clusters
          .filter((c) => c.originator === t.actor)
          .map((c) => ({ ...c, firstSeen: isoUtc(c.firstSeen) })),
      ),
    ),
    messages,
    media,
    // Earlier referrals are left out so that the same case state gives the same package.
    custody: audit
      .filter((e) => e.command !== REFER_COMMAND)
      .map((e) => ({
        seq: e.seq,
        at: e.at,
        user: e.user,
        command: e.command,
        // An event about another account names it by its pseudonym.
        subject:
          isTarget.has(e.subject) || !/^telegram:/.test(e.subject)
            ? e.subject
            : pseudonymOf(caseKey, e.subject),
      })),
  };
}

async function gatherMedia(
  deps: Deps,
  own: readonly ReferralMessageRow[],
  label: (a: string | null) => string | null,
  includeMedia: boolean,
): Promise<MediaData[]> {
  const r = deps.store.referrals;
  const byChat = new Map<string, number[]>();
  const msgAt = new Map<string, ReferralMessageRow>();
  for (const m of own) {
    byChat.set(m.chatId, [...(byChat.get(m.chatId) ?? []), m.messageId]);
    msgAt.set(`${m.chatId}#${m.messageId}`, m);
  }
  const rows: ReferralMediaRow[] = [];
  for (const [chat, ids] of byChat) rows.push(...(await r.mediaIn(chat, ids)));
  const sha256s = [...new Set(rows.map((x) => x.sha256))].sort();
  const signals = await r.signals(sha256s);
  const matches = await r.matches(sha256s);
  const decisions = await deps.store.decisions.latest(sha256s);
  return sha256s.map((sha256) => {
    const occ = rows.filter((x) => x.sha256 === sha256);
    const first = occ[0]!;
    const posts = occ
      .map((o) => {
        const m = msgAt.get(`${o.chatId}#${o.messageId}`);
        return {
          chatId: o.chatId,
          messageId: o.messageId,
          dateUtc: isoUtc(m?.dateUtc ?? null),
          author: label(m?.authorId ?? null),
        };
      })
      .sort(byPostTime);
    const s = signals.get(sha256);
    const d = decisions.get(sha256);
    const match = matches.find((x) => x.sha256 === sha256);
    return {
      sha256,
      md5: s?.get('md5') ?? null,
      sha1: s?.get('sha1') ?? null,
      pdq: s?.get('pdq') ?? null,
      size: first.size,
      mime: first.mime,
      kind: first.kind,
      fileName: first.fileName,
      posts,
      human: d && d.category !== null ? { scheme: d.scheme, code: d.category } : null,
      list: match ? { list: match.list, scheme: match.scheme, code: match.category } : null,
      bytes: includeMedia ? readFileSync(deps.evidence.pathOf(sha256)) : null,
    };
  });
}
