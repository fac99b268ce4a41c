import { createHash } from 'node:crypto';
import type { CaseContext } from './context.js';
import { listMedia, type MediaListInput } from './list-media.js';
import { isoUtc } from '../domain/time.js';
import { VIGIE_VERSION } from '../domain/version.js';
import { buildVics } from '../referral/vics.js';
import { byPostTime, caseKeyOf, pseudonymOf, type MediaData } from '../referral/model.js';
import type { ReferralMediaRow, ReferralMessageRow } from '../store/referrals.js';

/** Input of exportNewMediaVics: the media listing's filters (but the status: new only) and what the file states. */
export interface ExportNewMediaVicsInput extends Omit<MediaListInput, 'statuses' | 'after' | 'limit'> {
  /** `ContactOrganization` (default: the case name). */
  readonly agency?: string;
  /** `CaseNumber` (default: the export's stable id). */
  readonly reference?: string;
}

/** A VICS 2.0 `#Cases` document of the new media, and how many media it lists. */
export interface NewMediaVics {
  readonly media: number;
  readonly vics: Record<string, unknown>;
}

/**
 * `vigie media --new --format vics`: every new media (hashed, in no list) as a VICS 2.0 `#Cases` file, built by the
 * referral package's VICS builder: hashes (MD5, SHA-1, SHA-256, PDQ), size, type, an analyst's category when one was
 * set, and each post (chat, message, time; the poster under the case's pseudonym). Read-only; deterministic.
 */
export async function exportNewMediaVics(
  deps: Pick<CaseContext, 'store' | 'info'>,
  input: ExportNewMediaVicsInput = {},
): Promise<NewMediaVics> {
  const { agency, reference, ...filters } = input;
  const items = await listMedia(deps, { ...filters, statuses: ['new'] });
  const shas = items.map((i) => i.sha256);
  const caseKey = caseKeyOf(deps.info.name, deps.info.created);
  const { occurrences, messages, files, signals } = await deps.store.transaction(
    async (tx) => {
      const occurrences = new Map<string, { chatId: string; messageId: number }[]>();
      const byChat = new Map<string, Set<number>>();
      for (const sha of shas) {
        const occ = (await tx.media.occurrences(sha)).map((o) => ({
          chatId: o.chat_id,
          messageId: Number(o.message_id),
        }));
        occurrences.set(sha, occ);
        for (const o of occ) byChat.set(o.chatId, (byChat.get(o.chatId) ?? new Set()).add(o.messageId));
      }
      const messages = new Map<string, ReferralMessageRow>();
      const files = new Map<string, ReferralMediaRow>();
      for (const [chat, ids] of [...byChat].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const list = [...ids].sort((a, b) => a - b);
        for (const m of await tx.referrals.messagesIn(chat, list)) messages.set(`${chat}#${m.messageId}`, m);
        for (const f of await tx.referrals.mediaIn(chat, list))
          if (!files.has(f.sha256)) files.set(f.sha256, f);
      }
      return { occurrences, messages, files, signals: await tx.referrals.signals(shas) };
    },
    { readonly: true },
  );
  const media: MediaData[] = items.map((item) => {
    const file = files.get(item.sha256);
    const s = signals.get(item.sha256);
    const posts = [
      ...new Map(
        (occurrences.get(item.sha256) ?? []).map((o) => [`${o.chatId}#${o.messageId}`, o] as const),
      ).values(),
    ]
      .map((o) => {
        const m = messages.get(`${o.chatId}#${o.messageId}`);
        return {
          chatId: o.chatId,
          messageId: o.messageId,
          dateUtc: isoUtc(m?.dateUtc ?? null),
          author: m?.authorId ? pseudonymOf(caseKey, m.authorId) : null,
        };
      })
      .sort(byPostTime);
    const d = item.decision;
    return {
      sha256: item.sha256,
      md5: s?.get('md5') ?? item.md5,
      sha1: s?.get('sha1') ?? null,
      pdq: s?.get('pdq') ?? item.pdq,
      size: file?.size ?? 0,
      mime: file?.mime ?? null,
      kind: item.kind,
      fileName: file?.fileName ?? null,
      posts,
      human: d && d.category !== null ? { scheme: d.scheme, code: d.category } : null,
      list: null,
      bytes: null,
    };
  });
  const digest = createHash('sha256').update(shas.join('\n')).digest('hex').slice(0, 16);
  const vics = buildVics({
    media,
    caseKey,
    packageId: `vigie-new-media-${digest}`,
    reference: reference ?? null,
    agency: agency ?? deps.info.name,
    toolVersion: VIGIE_VERSION,
  });
  return { media: media.length, vics };
}
