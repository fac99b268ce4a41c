import { isDerivedId } from './ids.js';

/** The fields of a stored or imported message that linking compares. */
export interface LinkableMessage {
  readonly messageId: number;
  readonly type: string;
  readonly utc: number | null;
  readonly authorId: string | null;
  readonly authorName: string | null;
}

/** A derived HTML account id shown to be a platform account. */
export interface ActorLink {
  readonly from: string;
  readonly to: string;
  /** Messages whose id and time matched and that support the link. */
  readonly messages: number;
  readonly htmlName: string | null;
  readonly platformName: string | null;
}

/** What linking an HTML-imported chat to a chat with platform ids (from JSON) would do. */
export interface LinkPlan {
  /** True when the two chats are the same chat (enough messages agree on id and time). */
  readonly sameChat: boolean;
  /** Regular messages present in both (same id). */
  readonly compared: number;
  /** Of those, with the same UTC time. */
  readonly exact: number;
  /** Of those, exactly one hour apart (the HTML standard-offset pitfall, §6.2). */
  readonly shifted: number;
  readonly actors: readonly ActorLink[];
  /** Derived ids whose matched messages point at more than one platform account: never linked. */
  readonly conflicts: readonly { readonly from: string; readonly candidates: readonly string[] }[];
}

const HOUR = 3_600_000;

/**
 * Decide whether an HTML-imported chat (derived ids) is the same as a chat imported from JSON (platform ids),
 * and which derived accounts are which platform accounts (ADR 0007). Messages are paired on message id; a pair
 * agrees when its UTC times are equal or exactly one hour apart. The chats are the same when at least
 * `minAgreeing` pairs (or all, if fewer exist) agree and ≥ 90 % of the pairs do. An account link needs every
 * agreeing pair of that derived account to name one and the same platform account. Pure: no store access.
 */
export function planHtmlLink(
  html: readonly LinkableMessage[],
  platform: readonly LinkableMessage[],
  minAgreeing = 3,
): LinkPlan {
  const byId = new Map<number, LinkableMessage>();
  for (const m of platform) if (m.type === 'message') byId.set(m.messageId, m);
  let compared = 0;
  let exact = 0;
  let shifted = 0;
  const votes = new Map<
    string,
    Map<string, { n: number; htmlName: string | null; platformName: string | null }>
  >();
  for (const h of html) {
    if (h.type !== 'message') continue;
    const p = byId.get(h.messageId);
    if (!p) continue;
    compared++;
    if (h.utc === null || p.utc === null) continue;
    const d = Math.abs(h.utc - p.utc);
    if (d === 0) exact++;
    else if (d === HOUR) shifted++;
    else continue;
    if (!h.authorId || !p.authorId || !isDerivedId(h.authorId) || isDerivedId(p.authorId)) continue;
    const v = votes.get(h.authorId) ?? new Map();
    const cur = v.get(p.authorId) ?? { n: 0, htmlName: h.authorName, platformName: p.authorName };
    cur.n++;
    v.set(p.authorId, cur);
    votes.set(h.authorId, v);
  }
  const agreeing = exact + shifted;
  const sameChat = compared > 0 && agreeing >= Math.min(minAgreeing, compared) && agreeing >= 0.9 * compared;
  const actors: ActorLink[] = [];
  const conflicts: { from: string; candidates: string[] }[] = [];
  for (const [from, v] of [...votes].sort((a, b) => a[0].localeCompare(b[0]))) {
    const targets = [...v.keys()].sort();
    if (targets.length !== 1) {
      conflicts.push({ from, candidates: targets });
      continue;
    }
    const t = v.get(targets[0]!)!;
    actors.push({ from, to: targets[0]!, messages: t.n, htmlName: t.htmlName, platformName: t.platformName });
  }
  return {
    sameChat,
    compared,
    exact,
    shifted,
    actors: sameChat ? actors : [],
    conflicts: sameChat ? conflicts : [],
  };
}
