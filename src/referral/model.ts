import { createHash, createHmac } from 'node:crypto';

/**
 * The plain data a referral package is built from (gathered by `src/app/refer-actors.ts`): builders in this folder
 * turn it into files and never read the case themselves.
 */

/** A name an account used, with when it was first and last seen (ISO-8601 UTC or null). */
export interface NameSpan {
  readonly name: string;
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
}

/** One score factor as triage computed it. */
export interface FactorData {
  readonly name: string;
  readonly value: number;
  readonly weight: number;
  readonly contribution: number;
  readonly facts: readonly string[];
}

/** One piece of attribution evidence (the ledger), as stored. */
export interface EvidenceData {
  readonly signal: string;
  readonly value: string;
  readonly reliability: number | null;
  readonly countries: Readonly<Record<string, number>>;
  readonly source: string;
}

/** A new-content cluster a target originated and how it spread. */
export interface ClusterData {
  readonly id: string;
  readonly members: number;
  readonly firstSeen: string | null;
  readonly chatsReached: number;
  readonly reposters: number;
}

/** One referred target. */
export interface TargetData {
  readonly actor: string;
  readonly rank: number | null;
  readonly score: number | null;
  readonly factors: readonly FactorData[];
  readonly country: string | null;
  readonly probability: number | null;
  readonly evidence: readonly EvidenceData[];
  readonly decision: {
    readonly decision: string;
    readonly reason: string;
    readonly user: string;
    readonly at: string;
  } | null;
  readonly names: readonly NameSpan[];
  readonly clusters: readonly ClusterData[];
}

/** Where a message's raw bytes came from: the export file's SHA-256 and the byte range (null when inline). */
export interface RawOrigin {
  readonly sourceId: string | null;
  readonly exportSha256: string | null;
  readonly offset: number | null;
  readonly length: number | null;
}

/** One message cited (a target's, or a third party's that a target replied to: then no text). */
export interface MessageData {
  readonly chatId: string;
  readonly messageId: number;
  /** Target id, or the third party's pseudonym. */
  readonly author: string | null;
  readonly byTarget: boolean;
  readonly dateUtc: string | null;
  readonly text: string | null;
  readonly replyTo: number | null;
  /** The forwarded-from name, pseudonymised unless it is a target's. */
  readonly forwardedFrom: string | null;
  /** Raw bytes as collected (targets' messages only) and where they came from. */
  readonly raw: { readonly bytes: Buffer; readonly origin: RawOrigin; readonly html: boolean } | null;
}

/** One media file a target posted. */
export interface MediaData {
  readonly sha256: string;
  readonly md5: string | null;
  readonly sha1: string | null;
  readonly pdq: string | null;
  readonly size: number;
  readonly mime: string | null;
  readonly kind: string;
  readonly fileName: string | null;
  /** Every post of it among the cited messages, oldest first. */
  readonly posts: readonly {
    chatId: string;
    messageId: number;
    dateUtc: string | null;
    author: string | null;
  }[];
  /** The category an analyst set. */
  readonly human: { readonly scheme: string; readonly code: string } | null;
  /** Else the matched list's category, marked as such. */
  readonly list: {
    readonly list: string;
    readonly scheme: string | null;
    readonly code: string | null;
  } | null;
  /** The bytes, only with --include-media. */
  readonly bytes: Buffer | null;
}

/** An export the undercover accounts collected. */
export interface SourceData {
  readonly id: string;
  readonly kind: string;
  readonly sha256: string;
  readonly account: string | null;
  readonly importedAt: string;
}

/** One audit event (the chain of custody). */
export interface CustodyEvent {
  readonly seq: number;
  readonly at: string;
  readonly user: string;
  readonly command: string;
  readonly subject: string;
}

/** Everything a package holds. */
export interface ReferralData {
  readonly caseName: string;
  /** Secret-free, stable key of the case: ids and pseudonyms derive from it. */
  readonly caseKey: string;
  readonly packageId: string;
  readonly country: string;
  readonly zone: string;
  readonly agency: string;
  readonly reference: string | null;
  readonly toolVersion: string;
  readonly includeMedia: boolean;
  readonly forced: { readonly reason: string } | null;
  readonly sources: readonly SourceData[];
  readonly chats: readonly { id: string; title: string | null; type: string | null }[];
  readonly targets: readonly TargetData[];
  readonly messages: readonly MessageData[];
  readonly media: readonly MediaData[];
  readonly custody: readonly CustodyEvent[];
}

/** A stable UUID (RFC 4122 layout, version 8) derived from the case key, a kind and a local key. */
export function stableUuid(caseKey: string, kind: string, key: string): string {
  const h = createHash('sha256').update(`${caseKey}\u0000${kind}\u0000${key}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The stable pseudonym of a third party (not a target): HMAC-SHA-256 of its platform id keyed by the case key. */
export function pseudonymOf(caseKey: string, platformId: string): string {
  return `P-${createHmac('sha256', caseKey).update(platformId).digest('hex').slice(0, 12)}`;
}

/** The case key: SHA-256 of the case's name and creation time (case.json). */
export function caseKeyOf(name: string, created: string): string {
  return createHash('sha256').update(`${name}\u0000${created}`).digest('hex');
}

/** The package id: stable for the same case, country and actors. */
export function packageIdOf(caseKey: string, country: string, actors: readonly string[]): string {
  const h = createHash('sha256')
    .update(`${caseKey}\u0000${country}\u0000${[...actors].sort().join('\n')}`)
    .digest('hex');
  return `vigie-referral-${country.toLowerCase()}-${h.slice(0, 16)}`;
}

/** A file-name-safe form of a chat or actor id. */
export function slugOf(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** Posts in time order, then by chat, then by message: the one order of a package's and an export's posts. */
export function byPostTime(a: MediaData['posts'][number], b: MediaData['posts'][number]): number {
  const ta = a.dateUtc ?? '';
  const tb = b.dateUtc ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.chatId !== b.chatId) return a.chatId < b.chatId ? -1 : 1;
  return a.messageId - b.messageId;
}
