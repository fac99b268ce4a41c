/** The fields of a legal-process return row. */
export const RETURN_FIELDS = ['user_id', 'phone', 'ip', 'seen_at', 'phone_country'] as const;
/** One return field. */
export type ReturnField = (typeof RETURN_FIELDS)[number];

/**
 * Header names recognised without `--map`, after normalisation (lowercase; spaces, dashes, dots, brackets as `_`).
 * A name also matches after dropping a time-zone/format suffix (`_utc`, `_gmt`, `_z`, `_iso`, `_iso8601`) and then
 * one qualifier prefix (`login_`, `last_`, `session_`, `account_`, `subscriber_`, …): `Login Time (UTC)`,
 * `last_login_ip`, `Session Start UTC`, `Subscriber Phone`, `Target Account ID`.
 */
export const DEFAULT_COLUMNS: Readonly<Record<ReturnField, readonly string[]>> = {
  user_id: [
    'user_id',
    'userid',
    'platform_user_id',
    'account',
    'account_id',
    'accountid',
    'account_identifier',
    'uid',
    'id',
    'user',
    'subscriber_id',
    'profile_id',
    'member_id',
    'telegram_id',
    'tg_id',
    'peer_id',
    'identifier',
    'target',
  ],
  phone: [
    'phone',
    'phone_number',
    'phonenumber',
    'msisdn',
    'number',
    'telephone',
    'telephone_number',
    'tel',
    'mobile',
    'mobile_number',
    'cell',
    'cell_phone',
  ],
  ip: ['ip', 'ip_address', 'ipaddress', 'address', 'ipv4', 'ipv6', 'ip_v4', 'ip_v6', 'addr', 'remote_addr'],
  seen_at: [
    'seen_at',
    'time_seen',
    'time',
    'timestamp',
    'time_stamp',
    'ts',
    'date',
    'datetime',
    'date_time',
    'seen',
    'last_seen',
    'login_time',
    'created_at',
    'created',
    'occurred_at',
    'logged_at',
    'start',
    'start_time',
    'begin',
    'unix_time',
    'unixtime',
    'epoch',
  ],
  phone_country: ['phone_country', 'country', 'country_code', 'phone_country_code'],
};

const SUFFIX = /_(?:utc|gmt|z|iso|iso8601|utc_0|utc0)$/;
const PREFIX =
  /^(?:login|logon|last_login|last|first|session|event|access|activity|connection|conn|request|account|user|subscriber|target|registration|registered|verified|client|source|src|remote|ip)_/;

/** Normalise a header name: lowercase, runs of spaces, dashes, dots, slashes and brackets become `_`. */
export function normHeader(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

const LOOKUP = new Map<string, ReturnField>();
for (const f of RETURN_FIELDS) for (const n of DEFAULT_COLUMNS[f]) LOOKUP.set(n, f);

/** The field a header names and how directly (0 as listed, 1 after the suffix, 2 after a prefix), or null. */
export function fieldOfHeader(header: string): { field: ReturnField; rank: number } | null {
  const n = normHeader(header);
  const direct = LOOKUP.get(n);
  if (direct) return { field: direct, rank: 0 };
  const bare = n.replace(SUFFIX, '');
  const noSuffix = LOOKUP.get(bare);
  if (noSuffix) return { field: noSuffix, rank: 1 };
  const core = bare.replace(PREFIX, '');
  const noPrefix = core !== bare ? LOOKUP.get(core) : undefined;
  return noPrefix ? { field: noPrefix, rank: 2 } : null;
}

/** Column per field: `--map` first, then the most direct recognised header (header order breaks ties). */
export function recogniseColumns(
  header: readonly string[],
  map: ReadonlyMap<string, ReturnField>,
): { cols: Map<ReturnField, string>; unknown: string[] } {
  const cols = new Map<ReturnField, string>();
  for (const [col, field] of map) cols.set(field, col);
  const used = new Set(cols.values());
  const best = new Map<ReturnField, { col: string; rank: number }>();
  for (const h of header) {
    if (used.has(h)) continue;
    const f = fieldOfHeader(h);
    if (!f || cols.has(f.field)) continue;
    const cur = best.get(f.field);
    if (!cur || f.rank < cur.rank) best.set(f.field, { col: h, rank: f.rank });
  }
  for (const [field, { col }] of best) cols.set(field, col);
  const taken = new Set(cols.values());
  return { cols, unknown: header.filter((h) => !taken.has(h) && h.trim() !== '') };
}
