/** Producer-version inference from the features present (spec §2.6): a lower (and sometimes upper) bound. */

const LOWER: ReadonlyArray<[string, string]> = [
  ['rich_message', '6.2'],
  ['file_size', '5.11.0'],
  ['reactions', '5.5.7'],
  ['file_name', '4.16.9'],
  ['inline_bot_buttons', '4.13.0'],
  ['text_entities', '4.1.2'],
  ['date_unixtime', '3.7.6'],
  ['string-peer', '2.7.2'],
];

/** Record which version-revealing features a raw message has. */
export function noteFeatures(o: Record<string, unknown>, seen: Set<string>): void {
  if (seen.size >= 9) return;
  const ref = o['type'] === 'service' ? o['actor_id'] : o['from_id'];
  if (typeof ref === 'string') seen.add('string-peer');
  else if (typeof ref === 'number' || typeof ref === 'bigint') seen.add('numeric-peer');
  for (const k of [
    'date_unixtime',
    'text_entities',
    'inline_bot_buttons',
    'file_name',
    'reactions',
    'rich_message',
  ])
    if (k in o) seen.add(k);
  if ('file_size' in o || 'photo_file_size' in o || 'thumbnail_file_size' in o) seen.add('file_size');
}

/** "tdesktop >=X" (or "<2.7.2" for numeric peers) from the features seen; null when nothing tells. */
export function inferVersion(seen: Set<string>): string | null {
  const lower = LOWER.find(([k]) => seen.has(k));
  if (lower) return `tdesktop >=${lower[1]}`;
  if (seen.has('numeric-peer')) return 'tdesktop >=1.4.8 <2.7.2';
  return null;
}
