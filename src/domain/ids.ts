/** Platform identifiers: `telegram:user123`, `telegram:channel456`, `telegram:chat789`. */
export type PeerKind = 'user' | 'chat' | 'channel';

/** A platform id string such as `telegram:user123`. */
export function platformId(kind: PeerKind, id: bigint | number | string, platform = 'telegram'): string {
  return `${platform}:${kind}${String(id)}`;
}

/** Parse `telegram:user123` into its parts, or undefined. */
export function parsePlatformId(s: string): { platform: string; kind: PeerKind; id: string } | undefined {
  const m = /^([a-z]+):(user|chat|channel)(-?\d+)$/.exec(s);
  if (!m) return undefined;
  return { platform: m[1]!, kind: m[2] as PeerKind, id: m[3]! };
}

/** A parsed account or chat id: a platform id, or an id derived from an HTML export (ADR 0007). */
export interface ParsedId {
  readonly platform: string;
  readonly kind: PeerKind;
  /** The numeric id, or the 16 hex digits of a derived id. */
  readonly id: string;
  /** True for `telegram:html-user-…` / `telegram:html-chat-…` (no platform id known). */
  readonly derived: boolean;
}

/** Parse a platform id or a derived HTML id (`telegram:html-user-<16 hex>` → kind user, derived). */
export function parseAnyId(s: string): ParsedId | undefined {
  const p = parsePlatformId(s);
  if (p) return { ...p, derived: false };
  const m = /^([a-z]+):html-(user|chat)-([0-9a-f]{16})$/.exec(s);
  if (!m) return undefined;
  return { platform: m[1]!, kind: m[2] as PeerKind, id: m[3]!, derived: true };
}
