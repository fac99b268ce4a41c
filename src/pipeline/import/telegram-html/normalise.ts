import { createHash } from 'node:crypto';
import { issue, type ItemIssue } from '../../../domain/issue.js';
import type {
  MediaAbsence,
  MediaRef,
  MessageRecord,
  NameObservation,
  SourceTime,
  TextEntity,
} from '../model.js';
import type { MediaResolver } from '../telegram-json/media.js';
import type { HtmlClock } from './clock.js';
import { derivedUserId } from './ids.js';
import { memberships } from './memberships.js';
import type { HtmlMedia, HtmlMessage, HtmlService, PlaceholderReason } from './ir.js';

/** What mapping one chat's items needs. */
export interface HtmlChatContext {
  readonly chatId: string;
  readonly clock: HtmlClock;
  readonly resolver: MediaResolver;
  readonly issues: ItemIssue[];
}

const ABSENCE: Record<PlaceholderReason, MediaAbsence> = {
  file_type: 'not_included',
  file_size: 'too_large',
  unavailable: 'unavailable',
};
/** The sentence JSON writes in the path field for the same skip reason (§1.3); the HTML wording stays in details. */
const JSON_PLACEHOLDER: Record<PlaceholderReason, string> = {
  file_type: '(File not included. Change data exporting settings to download.)',
  file_size: '(File exceeds maximum size. Change data exporting settings to download.)',
  unavailable: '(File unavailable, please try again later)',
};
const DOCUMENT_KINDS = new Set([
  'sticker',
  'animation',
  'video_file',
  'video_message',
  'voice_message',
  'audio_file',
  'file',
]);
const IMAGE_MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
};

/** Map a regular HTML message to the import model (calls become `phone_call` service messages, as in JSON). */
export function normaliseHtmlMessage(m: HtmlMessage, ctx: HtmlChatContext): MessageRecord {
  const where = `message ${m.id}`;
  const date = ctx.clock.at(m.date, m.page, where);
  const authorId = m.from ? derivedUserId(ctx.chatId, m.from) : null;
  const details: Record<string, unknown> = { html: { page: m.page, line: m.line, joined: m.joined } };
  if (m.date) details.dateTitle = m.date.raw;
  if (m.userpicColor !== undefined) details.userpicColor = m.userpicColor;
  if (m.fromRaw !== undefined && m.fromRaw !== m.from) details.fromRaw = m.fromRaw;
  if (m.forwardedDate) {
    const f = ctx.clock.at(m.forwardedDate, m.page, where);
    details.forwardedDate = { local: f.local, utc: f.utc, zone: f.zone, title: m.forwardedDate.raw };
  }
  if (m.replyToOtherChat) details.replyToOtherChat = true;
  if (m.buttons.length) details.inline_bot_buttons = m.buttons.map((row) => row.map((text) => ({ text })));
  if (m.reactions.length) details.reactions = m.reactions;
  const call = m.media?.kind === 'call';
  if (m.media) Object.assign(details, mediaDetails(m.media));
  const names: NameObservation[] =
    authorId && m.from ? [{ actorId: authorId, name: m.from, at: date.utc }] : [];
  const rec = {
    chatId: ctx.chatId,
    messageId: m.id,
    type: call ? 'service' : 'message',
    authorId,
    authorName: m.from ?? null,
    date,
    editedUtc: null,
    text: m.text.text,
    entities: m.text.entities.map(toEntity),
    replyTo: m.replyTo ?? null,
    replyToPeer: null,
    forwardedFrom: m.forwardedFrom ?? null,
    savedFrom: null,
    viaBot: m.viaBot ?? null,
    signature: m.signature ?? null,
    action: call ? 'phone_call' : null,
    details,
    raw: m.raw,
    media: m.media ? mediaRefs(m.media, ctx, m.page, where) : [],
    memberships: [],
    names,
    titles: [],
  };
  return { ...rec, versionHash: versionHash(rec) };
}

/** Map a service message; its time is unknown in HTML (only the day), bounded by its neighbours. */
export function normaliseHtmlService(
  s: HtmlService,
  ctx: HtmlChatContext,
  bounds: { after: number | null; before: number | null },
): MessageRecord {
  const date: SourceTime = { utc: null, local: s.day ?? null, zone: null, quality: 'none' };
  const actorId = s.actor ? derivedUserId(ctx.chatId, s.actor) : null;
  const known = s.action !== 'unknown' && s.action !== 'unsupported';
  const details: Record<string, unknown> = {
    html: { page: s.page, line: s.line },
    serviceText: s.text,
    timeBounds: bounds,
  };
  if (s.members.length) details.members = s.members;
  if (s.title !== undefined) details.title = s.title;
  if (s.inviter !== undefined) details.inviter = s.inviter;
  if (s.messageId !== undefined) details.message_id = s.messageId;
  if (s.durationSeconds !== undefined) details.duration = s.durationSeconds;
  if (s.action === 'unknown') details.templateUnknown = true;
  const names: NameObservation[] = actorId && s.actor ? [{ actorId, name: s.actor, at: null }] : [];
  const titles =
    s.title !== undefined && ['create_group', 'create_channel', 'edit_group_title'].includes(s.action)
      ? [{ title: s.title, at: null }]
      : [];
  const rec = {
    chatId: ctx.chatId,
    messageId: s.id,
    type: s.action === 'unsupported' ? 'unsupported' : 'service',
    authorId: actorId,
    authorName: s.actor ?? null,
    date,
    editedUtc: null,
    text: '',
    entities: [],
    replyTo: null,
    replyToPeer: null,
    forwardedFrom: null,
    savedFrom: null,
    viaBot: null,
    signature: null,
    action: known ? s.action : null,
    details,
    raw: s.raw,
    media: s.photoPath ? photoRef(s.photoPath, ctx, s.page, `message ${s.id}`) : [],
    memberships: memberships(s, ctx.chatId, actorId),
    names,
    titles,
  };
  return { ...rec, versionHash: versionHash(rec) };
}

function toEntity(e: { type: string; offset: number; length: number; href?: string }): TextEntity {
  if (e.href === undefined) return { type: e.type, offset: e.offset, length: e.length };
  return e.type === 'custom_emoji'
    ? { type: e.type, offset: e.offset, length: e.length, document_id: e.href }
    : { type: e.type, offset: e.offset, length: e.length, href: e.href };
}

function mediaDetails(m: HtmlMedia): Record<string, unknown> {
  const d: Record<string, unknown> = {
    htmlMedia: { kind: m.kind, title: m.title, description: m.description, status: m.status },
  };
  if (m.kind === 'photo' || m.kind === 'sticker') {
    if (m.thumbnailPath) d.htmlThumbnail = m.thumbnailPath;
  }
  if (m.kind === 'sticker' && m.status && !m.path) d.sticker_emoji = m.status.split(',')[0];
  if (m.kind === 'sticker' && m.status && m.path) d.sticker_emoji = m.status;
  if (m.kind === 'contact')
    d.contact_information = { name: m.title ?? '', phone_number: (m.status ?? '').replace(/ - vCard$/, '') };
  if (m.latitude !== undefined && m.longitude !== undefined)
    d.location_information = { latitude: m.latitude, longitude: m.longitude };
  if (m.kind === 'live_location') d.live_location = true;
  if (m.kind === 'venue') Object.assign(d, { place_name: m.title, address: m.description });
  if (m.kind === 'game')
    Object.assign(d, { game_title: m.title, game_description: m.description, game_link: m.url });
  if (m.kind === 'invoice')
    d.invoice_information = { title: m.title, description: m.description, amount: m.status };
  if (m.kind === 'poll' && m.poll)
    d.poll = {
      question: m.poll.question,
      answers: m.poll.answers.map((text) => ({ text })),
      details: m.poll.details,
    };
  if (m.kind === 'call') {
    d.htmlCallStatus = m.status;
    if (m.durationSeconds !== undefined) d.duration_seconds = m.durationSeconds;
  }
  if (m.selfDestructing) d.self_destructing = true;
  return d;
}

function mediaRefs(m: HtmlMedia, ctx: HtmlChatContext, page: string, where: string): MediaRef[] {
  const out: MediaRef[] = [];
  const base = {
    mime: null,
    fileName: null,
    declaredSize: null,
    width: m.width ?? null,
    height: m.height ?? null,
    duration: m.durationSeconds ?? null,
  };
  const add = (role: string, kind: string, path: string, extra: Partial<MediaRef> = {}): void => {
    const r = ctx.resolver.resolve(path);
    if (r.problem) {
      const code = r.absence === 'unsafe_path' ? 'IMPORT_UNSAFE_PATH' : 'MEDIA_MISSING';
      ctx.issues.push(issue(code, page, where, `${role} ${JSON.stringify(path)}: ${r.problem}`));
    }
    out.push({ role, kind, path, absPath: r.absPath, absence: r.absence, ...base, ...extra });
  };
  const isDoc = DOCUMENT_KINDS.has(m.kind);
  const role = m.kind === 'photo' ? 'photo' : isDoc ? 'file' : m.kind === 'contact' ? 'contact_vcard' : null;
  if (role === null) return out;
  const kind = m.kind === 'contact' ? 'vcard' : m.kind;
  if (m.path) {
    const ext = m.path.split('.').pop()?.toLowerCase() ?? '';
    const mime = m.kind === 'photo' ? (IMAGE_MIME[ext] ?? null) : m.kind === 'contact' ? 'text/vcard' : null;
    const fileName = m.kind === 'file' || m.kind === 'audio_file' ? (m.title ?? null) : null;
    add(role, kind, m.path, { mime, fileName });
  } else if (m.unsafeHref !== undefined) {
    ctx.issues.push(
      issue(
        'IMPORT_UNSAFE_PATH',
        page,
        where,
        `${role} ${JSON.stringify(m.unsafeHref)}: path leaves the export folder; refused`,
      ),
    );
    out.push({ role, kind, path: m.unsafeHref, absPath: null, absence: 'unsafe_path', ...base });
  } else if (m.placeholder || (m.description && role !== 'contact_vcard')) {
    const absence = m.placeholder ? ABSENCE[m.placeholder] : 'placeholder';
    const path = m.placeholder ? JSON_PLACEHOLDER[m.placeholder] : `(${m.description ?? ''})`;
    out.push({ role, kind, path, absPath: null, absence, ...base });
  }
  // HTML-generated previews of photos and stickers are not in JSON; real document thumbnails are.
  if (m.thumbnailPath && isDoc && m.kind !== 'sticker')
    add('thumbnail', 'thumbnail', m.thumbnailPath, {
      mime: 'image/jpeg',
      width: null,
      height: null,
      duration: null,
    });
  return out;
}

function photoRef(path: string, ctx: HtmlChatContext, page: string, where: string): MediaRef[] {
  const photo: HtmlMedia = { kind: 'photo', path, classes: [] };
  return mediaRefs(photo, ctx, page, where);
}

/** Hash of the content an edit can change (not paths, sizes, reactions, page or line). */
function versionHash(m: Omit<MessageRecord, 'versionHash'>): string {
  // Every part has a fixed shape and key order, so plain JSON is canonical here.
  const body = JSON.stringify([
    m.type,
    m.authorId,
    m.date.utc ?? m.date.local,
    m.text,
    m.entities,
    m.replyTo,
    m.forwardedFrom,
    m.viaBot,
    m.action,
    m.media.map((x) => [x.role, x.kind]),
  ]);
  return createHash('sha256').update(body).digest('hex');
}
