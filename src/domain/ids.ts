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
