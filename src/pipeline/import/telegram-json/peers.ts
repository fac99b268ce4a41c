import { platformId, type PeerKind } from '../../../domain/ids.js';

/**
 * Peer ids across tdesktop's four eras (spec §2.3). A chat's identity is (kind, bare id), the kind taken
 * from its `type`. Numeric ids before v2.7.2 are shifted: user 2^32 + id, basic group and channel 2^33 + id;
 * v1.4.8–2.3.x wrote bare user ids in `from_id`. Since v2.7.2 peers are strings `user123` / `channel123`.
 */

const SHIFT_USER = 2n ** 32n;
const SHIFT_CHAT = 2n ** 33n;

/** Whether numeric ids in a chat are the old shifted PeerIds (decided from the messages). */
export type IdEra = 'shifted' | 'bare' | 'unknown';

/** Peer kind of a chat `type` (spec §2.3); null for unknown types. */
export function kindOfChatType(type: string | null): PeerKind | null {
  switch (type) {
    case 'personal_chat':
    case 'bot_chat':
    case 'saved_messages':
    case 'replies':
    case 'verification_codes':
      return 'user';
    case 'private_group':
      return 'chat';
    default:
      if (type && /_(supergroup|channel)$/.test(type)) return 'channel';
      return null;
  }
}

/** Integer value of a number, bigint or digit string; null otherwise. */
export function toBig(v: unknown): bigint | null {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  return null;
}

/** Bare id of a chat id in the given era. */
export function bareChatId(raw: bigint, kind: PeerKind, era: IdEra): bigint {
  if (era === 'bare') return raw;
  if (kind === 'user')
    return raw >= SHIFT_USER && (era === 'shifted' || raw < SHIFT_CHAT) ? raw - SHIFT_USER : raw;
  return raw >= SHIFT_CHAT ? raw - SHIFT_CHAT : raw;
}

/**
 * Platform id of a peer reference (`from_id`, `actor_id`, `reply_to_peer_id`, reactions).
 * `self` is the chat's own raw id and platform id: a shifted number equal to it is the chat itself.
 */
export function peerRef(v: unknown, self: { raw: bigint | null; id: string } | null): string | null {
  if (typeof v === 'string') {
    const m = /^(user|chat|channel)(\d+)$/.exec(v);
    if (m) return platformId(m[1] as PeerKind, m[2]!);
  }
  const n = toBig(v);
  if (n === null || n < 0n) return null;
  if (self && self.raw !== null && n === self.raw) return self.id;
  if (n >= SHIFT_CHAT) return platformId('channel', n - SHIFT_CHAT);
  if (n >= SHIFT_USER) return platformId('user', n - SHIFT_USER);
  return platformId('user', n);
}

/** True when a peer reference is written in the numeric (pre-2.7.2) form. */
export function isNumericRef(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'bigint';
}
