import type { HtmlMedia, HtmlMediaKind, PlaceholderReason } from './ir.js';
import { childEls, childWith, findDeep, hasClass, trimmedText, type El } from './tree.js';

/** Turns an href/src relative to the page into a path relative to the export root, or undefined if unsafe. */
export type PathResolver = (href: string) => string | undefined;

const GENERIC: Record<string, HtmlMediaKind> = {
  media_voice_message: 'voice_message',
  media_audio_file: 'audio_file',
  media_file: 'file',
  media_contact: 'contact',
  media_location: 'location',
  media_live_location: 'live_location',
  media_venue: 'venue',
  media_game: 'game',
  media_invoice: 'invoice',
  media_call: 'call',
};

/** Read a `div.media_wrap` block (§6.3) into a typed media item. */
export function readMedia(wrap: El, resolve: PathResolver): HtmlMedia {
  const inner = childEls(wrap)[0];
  if (!inner) return { kind: 'unknown', classes: wrap.classes };
  const href = inner.attrs.href;
  const img = findDeep(inner, (e) => e.tag === 'img');
  const thumb = img?.attrs.src !== undefined ? resolve(img.attrs.src) : undefined;
  const file = href !== undefined && href !== '' ? resolve(href) : undefined;
  const local = href !== undefined && href !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(href);
  const unsafe = local && file === undefined ? { unsafeHref: href } : {};
  const base = {
    classes: inner.classes,
    ...unsafe,
    ...(file ? { path: file } : {}),
    ...(thumb ? { thumbnailPath: thumb } : {}),
  };
  if (hasClass(inner, 'photo_wrap')) return { kind: 'photo', ...base };
  if (hasClass(inner, 'sticker_wrap')) return { kind: 'sticker', ...base };
  if (hasClass(inner, 'animated_wrap')) return { kind: 'animation', ...base };
  if (hasClass(inner, 'video_file_wrap')) {
    const d = findDeep(inner, (e) => hasClass(e, 'video_duration'));
    const durationSeconds = d ? parseDuration(trimmedText(d)) : undefined;
    return { kind: 'video_file', ...base, ...(durationSeconds !== undefined ? { durationSeconds } : {}) };
  }
  if (hasClass(inner, 'media_poll')) return readPoll(inner);
  if (hasClass(inner, 'media_giveaway'))
    return { kind: 'giveaway', classes: inner.classes, title: trimmedText(inner) };
  if (!hasClass(inner, 'media')) return { kind: 'unknown', classes: inner.classes };

  const body = childWith(inner, 'body');
  const title = fieldText(body, 'title');
  const description = fieldText(body, 'description');
  const status = fieldText(body, 'status');
  const placeholder = placeholderOf(description);
  const external = href !== undefined && /^https?:\/\//i.test(href);
  const kind = genericKind(inner, title);
  const out: {
    -readonly [K in keyof HtmlMedia]: HtmlMedia[K];
  } = { kind, classes: inner.classes };
  if (external) out.url = href;
  else if (file) out.path = file;
  else if (local) out.unsafeHref = href;
  if (thumb) out.thumbnailPath = thumb;
  if (placeholder) out.placeholder = placeholder;
  if (title !== undefined) out.title = title;
  if (description !== undefined) out.description = description;
  if (status !== undefined) out.status = status;
  if (title?.startsWith('Self-destructing')) out.selfDestructing = true;
  if (
    status &&
    (kind === 'voice_message' || kind === 'video_message' || kind === 'audio_file' || kind === 'video_file')
  ) {
    const d = parseDuration(status.split(',')[0]!.trim());
    if (d !== undefined) out.durationSeconds = d;
  }
  const dims = kind === 'photo' && status ? /^(\d+)x(\d+)/.exec(status) : null;
  if (dims) {
    out.width = Number(dims[1]);
    out.height = Number(dims[2]);
  }
  if (kind === 'call' && status) {
    const s = /\((\d+) seconds\)/.exec(status);
    if (s) out.durationSeconds = Number(s[1]);
  }
  if ((kind === 'location' || kind === 'live_location' || kind === 'venue') && (status || href)) {
    const m =
      /^(-?\d+(?:\.\d+)?), ?(-?\d+(?:\.\d+)?)$/.exec(status ?? '') ??
      /[?&]q=(-?[\d.]+),(-?[\d.]+)/.exec(href ?? '');
    if (m) {
      out.latitude = Number(m[1]);
      out.longitude = Number(m[2]);
    }
  }
  return out;
}

function genericKind(inner: El, title: string | undefined): HtmlMediaKind {
  for (const [cls, kind] of Object.entries(GENERIC)) if (hasClass(inner, cls)) return kind;
  if (hasClass(inner, 'media_photo')) {
    if (title === 'Sticker') return 'sticker';
    return 'photo';
  }
  if (hasClass(inner, 'media_video')) {
    if (title === 'Video message') return 'video_message';
    if (title === 'Animation') return 'animation';
    return 'video_file';
  }
  return 'unknown';
}

function fieldText(body: El | undefined, cls: string): string | undefined {
  const e = body ? childWith(body, cls) : undefined;
  return e ? trimmedText(e) : undefined;
}

/** Map the HTML wording of a skipped file (NoFileDescription) to a reason. */
export function placeholderOf(description: string | undefined): PlaceholderReason | undefined {
  if (!description) return undefined;
  if (description.startsWith('Not included')) return 'file_type';
  if (description.startsWith('Exceeds maximum size')) return 'file_size';
  if (description.startsWith('Unavailable')) return 'unavailable';
  return undefined;
}

/** `00:24` / `1:02:03` → seconds. */
export function parseDuration(s: string): number | undefined {
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m) return undefined;
  return Number(m[1] ?? '0') * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

function readPoll(inner: El): HtmlMedia {
  const question = fieldText(inner, 'question') ?? '';
  const details = fieldText(inner, 'details') ?? '';
  const answers = childEls(inner)
    .filter((e) => hasClass(e, 'answer'))
    .map((a) =>
      a.children
        .map((c) => (typeof c === 'string' ? c : ''))
        .join('')
        .trim()
        .replace(/^- /, ''),
    );
  return { kind: 'poll', classes: inner.classes, poll: { question, answers, details } };
}
