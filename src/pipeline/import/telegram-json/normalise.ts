import type { ItemIssue } from '../../../domain/issue.js';
import type { MembershipRecord, MessageRecord, NameObservation, RawRef, TextEntity } from '../model.js';
import { mediaRefs, type MediaResolver } from './media.js';
import { peerRef } from './peers.js';
import { badTime, badUnixTime } from './strict.js';
import { needsTz, resolveTime, unixMs, wallMs, type Zone } from './time.js';

/** What the normaliser needs to know about the chat and the export. */
export interface ChatContext {
  readonly chatId: string;
  readonly self: { raw: bigint | null; id: string };
  readonly zone: Zone | undefined;
  readonly file: string;
  readonly resolver: MediaResolver;
  /** Memo of peer references (authors repeat): raw value → platform id. */
  readonly peers: Map<unknown, string | null>;
}

/** Keys turned into message columns or media rows; every other key goes to `details`. */
const COLUMN_KEYS = new Set(
  (
    'id type date date_unixtime edited edited_unixtime from from_id actor actor_id author forwarded_from saved_from ' +
    'reply_to_message_id reply_to_peer_id via_bot text text_entities action photo photo_file_size file file_name ' +
    'file_size thumbnail thumbnail_file_size media_type mime_type duration_seconds width height contact_vcard ' +
    'contact_vcard_file_size'
  ).split(' '),
);

/** For service messages only these are columns: `duration_seconds`, `width` … belong to the action. */
const SERVICE_COLUMN_KEYS = new Set(
  'id type date date_unixtime edited edited_unixtime actor actor_id action text text_entities photo photo_file_size'.split(
    ' ',
  ),
);

/** Keys tdesktop is known to write (spec §4–§5); others are listed in details.unknownKeys. */
const KNOWN_KEYS = new Set(
  [
    ...COLUMN_KEYS,
    ...(
      'sticker_emoji performer title media_spoiler self_destruct_period_seconds contact_information ' +
      'location_information live_location_period_seconds place_name address game_title game_description game_link ' +
      'invoice_information poll todo_list giveaway_information giveaway_results paid_stars_amount inline_bot_buttons ' +
      'reactions members inviter message_id information_text game_message_id score amount currency ' +
      'invoice_message_id recurring discard_reason is_active is_missed reason_app_id reason_app_name reason_domain ' +
      'values to to_id distance duration schedule_date period emoticon cost months new_title new_icon_emoji_id button_id ' +
      'peers gift_code boost_peer_id unclaimed via_giveaway winners stars boosts peer_name peer_id charge_id ' +
      'amount_whole amount_nano boost_peer_name is_unclaimed giveaway_msg_id transaction_id gift_id is_limited ' +
      'is_anonymous gift_text messages_count stars_count price_stars is_broadcast_messages_allowed completed ' +
      'incompleted items rejected comment price_amount_whole price_amount_nano price_currency scheduled_date ' +
      'user_initiated'
    ).split(' '),
  ].filter(Boolean),
);

const NONE: readonly never[] = Object.freeze([]);
const TITLE_ACTIONS = new Set(['create_group', 'create_channel', 'edit_group_title']);

/** Make a parsed value JSON-safe: bigint → decimal string. */
export function jsonSafe(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = jsonSafe(x);
    return out;
  }
  return v;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

/** Plain text and UTF-16 entities from tdesktop's polymorphic `text` (string or array of parts). */
export function readText(v: unknown): { text: string | null; entities: readonly TextEntity[] } {
  if (typeof v === 'string') return { text: v, entities: NONE };
  if (!Array.isArray(v)) return { text: null, entities: NONE };
  let text = '';
  const entities: TextEntity[] = [];
  for (const part of v) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    if (!part || typeof part !== 'object') continue;
    const p = part as Record<string, unknown>;
    const t = typeof p['text'] === 'string' ? p['text'] : '';
    const type = typeof p['type'] === 'string' ? p['type'] : 'unknown';
    if (type !== 'plain' && t !== '') {
      const e: Record<string, unknown> = { type, offset: text.length, length: t.length };
      for (const [k, x] of Object.entries(p)) if (k !== 'type' && k !== 'text') e[k] = jsonSafe(x);
      entities.push(e as unknown as TextEntity);
    }
    text += t;
  }
  return { text, entities };
}

/** Decode a string that holds JSON (invoice_information, requested_peer.peers), else keep it. */
function secondPass(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

/** Membership facts stated by a service action (names only for members; the actor by id). */
function memberships(
  action: string,
  o: Record<string, unknown>,
  chatId: string,
  actorId: string | null,
  actorName: string | null,
  at: number | null,
  messageId: number,
): MembershipRecord[] {
  const out: MembershipRecord[] = [];
  const base = { chatId, at, messageId };
  const names = Array.isArray(o['members'])
    ? o['members'].filter((m): m is string => typeof m === 'string')
    : [];
  const byName = (name: string, kind: string): void => {
    if (actorId && name === actorName)
      out.push({
        ...base,
        actorId,
        memberName: null,
        kind: kind === 'remove' ? 'leave' : 'join',
        byActorId: null,
      });
    else out.push({ ...base, actorId: null, memberName: name, kind, byActorId: actorId });
  };
  switch (action) {
    case 'create_group':
    case 'create_channel':
      if (actorId) out.push({ ...base, actorId, memberName: null, kind: 'create', byActorId: null });
      for (const n of names)
        if (n !== actorName)
          out.push({ ...base, actorId: null, memberName: n, kind: 'invite', byActorId: actorId });
      break;
    case 'invite_members':
      for (const n of names) byName(n, 'invite');
      break;
    case 'remove_members':
      for (const n of names) byName(n, 'remove');
      break;
    case 'join_group_by_link':
    case 'join_group_by_request':
      if (actorId) out.push({ ...base, actorId, memberName: null, kind: 'join', byActorId: null });
      break;
  }
  return out;
}

/** Normalise one raw tdesktop message (spec §4–§5) into the import model. */
export function normaliseMessage(
  o: Record<string, unknown>,
  raw: string,
  ctx: ChatContext,
  extraDetails: Record<string, unknown> | null,
  issues: ItemIssue[],
  lossless: boolean,
  rawRef?: RawRef,
): MessageRecord | null {
  const id = int(o['id']);
  if (id === null) {
    issues.push({
      code: 'MESSAGE_WITHOUT_ID',
      source: ctx.file,
      location: ctx.chatId,
      message: 'a message has no integer id: skipped (kept nowhere)',
    });
    return null;
  }
  const type = str(o['type']) ?? 'unknown';
  const du = o['date_unixtime'];
  const eu = o['edited_unixtime'];
  if ((du !== undefined && badUnixTime(du)) || (eu !== undefined && badUnixTime(eu))) {
    const k = badUnixTime(du) ? 'date_unixtime' : 'edited_unixtime';
    throw badTime(ctx.file, `${ctx.chatId} message ${id}${rawRef ? `, byte ${rawRef.offset}` : ''}`, k, o[k]);
  }
  const date = resolveTime(o['date'], o['date_unixtime'], ctx.zone, () => {
    throw needsTz(ctx.file, `message ${id}`);
  });
  let editedUtc = unixMs(o['edited_unixtime']);
  if (editedUtc === null && typeof o['edited'] === 'string') {
    const w = wallMs(o['edited']);
    // Before v2.1.9 every message carried an `edited` in 1970 (the epoch in local time): not an edit.
    if (w !== null && w > 86400000 * 2) {
      if (!ctx.zone) throw needsTz(ctx.file, `message ${id}`);
      editedUtc = ctx.zone.toUtc(w).utc;
    }
  }
  const service = type === 'service';
  const authorRaw = service ? o['actor_id'] : o['from_id'];
  let authorId = ctx.peers.get(authorRaw);
  if (authorId === undefined) {
    authorId = peerRef(authorRaw, ctx.self);
    if (ctx.peers.size < 100000) ctx.peers.set(authorRaw, authorId);
  }
  const authorName = str(service ? o['actor'] : o['from']);
  const action = service
    ? (str(o['action']) ?? (o['information_text'] !== undefined ? 'custom_action' : null))
    : null;
  const { text, entities } = readText(o['text'] !== undefined ? o['text'] : o['text_entities']);

  const details: Record<string, unknown> = {};
  let unknownKeys: string[] | null = null;
  const columns = service ? SERVICE_COLUMN_KEYS : COLUMN_KEYS;
  let nDetails = 0;
  for (const k in o) {
    if (columns.has(k)) continue;
    if (!KNOWN_KEYS.has(k)) (unknownKeys ??= []).push(k);
    const v = o[k];
    details[k] = lossless ? jsonSafe(v) : v;
    nDetails++;
  }
  if (nDetails) {
    if (details['invoice_information'] !== undefined)
      details['invoice_information'] = secondPass(details['invoice_information']);
    if (details['peers'] !== undefined) details['peers'] = jsonSafe(secondPass(o['peers']));
  }
  if (unknownKeys) details['unknownKeys'] = unknownKeys;
  if (extraDetails) Object.assign(details, extraDetails);
  if (o['author'] !== undefined) details['author'] = o['author'];

  const media = mediaRefs(o, ctx.resolver, ctx.file, () => `${ctx.chatId} message ${id}`, issues);
  const names: NameObservation[] = [];
  if (authorId && authorName) names.push({ actorId: authorId, name: authorName, at: date.utc });
  if (Array.isArray(o['reactions'])) {
    for (const r of o['reactions'] as unknown[]) {
      const recent = r && typeof r === 'object' ? (r as Record<string, unknown>)['recent'] : undefined;
      if (!Array.isArray(recent)) continue;
      for (const x of recent as Record<string, unknown>[]) {
        const rid = peerRef(x?.['from_id'], ctx.self);
        const rn = str(x?.['from']);
        if (rid && rn) names.push({ actorId: rid, name: rn, at: null });
      }
    }
  }
  const titles =
    action && TITLE_ACTIONS.has(action) && typeof o['title'] === 'string'
      ? [{ title: o['title'], at: date.utc }]
      : NONE;

  const replyTo = int(service ? null : o['reply_to_message_id']);
  const replyToPeerRaw = peerRef(o['reply_to_peer_id'], ctx.self);
  const rec = {
    chatId: ctx.chatId,
    messageId: id,
    type,
    authorId,
    authorName,
    date,
    editedUtc,
    text,
    entities,
    replyTo,
    replyToPeer: replyToPeerRaw && replyToPeerRaw !== ctx.chatId ? replyToPeerRaw : null,
    forwardedFrom: str(o['forwarded_from']),
    savedFrom: str(o['saved_from']),
    viaBot: str(o['via_bot']),
    signature: str(o['author']),
    action,
    details,
    raw,
    rawRef,
    media,
    memberships: action ? memberships(action, o, ctx.chatId, authorId, authorName, date.utc, id) : NONE,
    names,
    titles,
    // Computed by the writer only when a second source brings the message (ADR 0009).
    versionHash: '',
  };
  return rec;
}
