/**
 * Building blocks of tdesktop's HTML writer (export_output_html.cpp), used to render generated chats as HTML
 * exactly as the exporter would (the importer in this folder reads them back). Output is HTML by design.
 */

const p2 = (n: number): string => String(n).padStart(2, '0');

/** tdesktop's SerializeString: HTML-escape, `\n` → `<br>`. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '<br>');
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
export const unixOf = (m: Record<string, unknown>): number => Number(m['date_unixtime'] ?? 0);
const isPlaceholder = (p: string | undefined): boolean =>
  p !== undefined && p.startsWith('(') && p.endsWith(')');

export function div(cls: string, inner: string): string {
  return `\n<div class="${cls}">\n${inner}\n</div>\n`;
}

/** FormatText of tdesktop (§6.4) from a JSON `text` value. */
export function formatText(text: unknown): string {
  if (typeof text === 'string') return escapeHtml(text);
  if (!Array.isArray(text)) return '';
  return text
    .map((part: unknown) => {
      if (typeof part === 'string') return escapeHtml(part);
      const p = (part ?? {}) as Record<string, unknown>;
      const t = escapeHtml(str(p['text']) ?? '');
      switch (p['type']) {
        case 'bold':
          return `<strong>${t}</strong>`;
        case 'italic':
          return `<em>${t}</em>`;
        case 'underline':
          return `<u>${t}</u>`;
        case 'strikethrough':
          return `<s>${t}</s>`;
        case 'code':
          return `<code>${t}</code>`;
        case 'pre':
          return `<pre>${t}</pre>`;
        case 'blockquote':
          return `<blockquote>${t}</blockquote>`;
        case 'spoiler':
          return `<span class="spoiler hidden" onclick="ShowSpoiler(this)"><span aria-hidden="true">${t}</span></span>`;
        case 'link':
          return `<a href="${t}">${t}</a>`;
        case 'text_link':
          return `<a href="${escapeHtml(str(p['href']) ?? '')}">${t}</a>`;
        case 'email':
          return `<a href="mailto:${t}">${t}</a>`;
        case 'phone':
          return `<a href="tel:${t}">${t}</a>`;
        case 'mention':
          return `<a href="https://t.me/${t.slice(1)}">${t}</a>`;
        case 'mention_name':
          return `<a href="" onclick="return ShowMentionName()">${t}</a>`;
        case 'hashtag':
          return `<a href="" onclick="return ShowHashtag(&quot;${t.slice(1)}&quot;)">${t}</a>`;
        case 'cashtag':
          return `<a href="" onclick="return ShowCashtag(&quot;${t.slice(1)}&quot;)">${t}</a>`;
        case 'bot_command':
          return `<a href="" onclick="return ShowBotCommand(&quot;${t.slice(1)}&quot;)">${t}</a>`;
        default:
          return t;
      }
    })
    .join('');
}

/** FormatFileSize of tdesktop (approximately). */
function fileSize(bytes: number | undefined): string {
  const b = bytes ?? 0;
  if (b < 1024) return `${b} B`;
  if (b < 1024 * 1024) return `${(b / 1024).toFixed(1)} KB`;
  return `${(b / 1024 / 1024).toFixed(1)} MB`;
}

function duration(s: number | undefined): string {
  const v = s ?? 0;
  return v >= 3600
    ? `${Math.floor(v / 3600)}:${p2(Math.floor(v / 60) % 60)}:${p2(v % 60)}`
    : `${p2(Math.floor(v / 60))}:${p2(v % 60)}`;
}

const SKIP: [RegExp, string][] = [
  [/not included/i, 'Not included, change data exporting settings to download.'],
  [/exceeds maximum size/i, 'Exceeds maximum size, change data exporting settings to download.'],
  [/unavailable/i, 'Unavailable, please try again later.'],
];

export function generic(
  cls: string,
  link: string | undefined,
  title: string,
  status: string,
  description = '',
  thumb?: string,
): string {
  const open = link
    ? `<a class="media clearfix pull_left block_link ${cls}" href="${escapeHtml(link)}">`
    : `<div class="media clearfix pull_left ${cls}">`;
  const pic = thumb ? `<img class="thumb pull_left" src="${escapeHtml(thumb)}"/>` : div('fill pull_left', '');
  const body =
    (title ? div('title bold', escapeHtml(title)) : '') +
    (description ? div('description', escapeHtml(description)) : '') +
    (status ? div('status details', escapeHtml(status)) : '');
  return div('media_wrap clearfix', `${open}${pic}${div('body', body)}${link ? '</a>' : '</div>'}`);
}

/** The media block of a regular message (§6.3), or ''. */
export function mediaBlock(m: Record<string, unknown>): string {
  const photo = str(m['photo']);
  if (photo !== undefined) {
    if (!isPlaceholder(photo))
      return div(
        'media_wrap clearfix',
        `<a class="photo_wrap clearfix pull_left" href="${escapeHtml(photo)}"><img class="photo" src="${escapeHtml(photo.replace(/(\.[^./]+)?$/, '_thumb$1'))}"/></a>`,
      );
    const desc = SKIP.find(([re]) => re.test(photo))?.[1] ?? '';
    return generic(
      'media_photo',
      undefined,
      'Photo',
      `${num(m['width']) ?? 0}x${num(m['height']) ?? 0}, ${fileSize(num(m['photo_file_size']))}`,
      desc,
    );
  }
  const file = str(m['file']);
  if (file !== undefined) {
    const have = !isPlaceholder(file);
    const link = have ? file : undefined;
    const desc = have ? '' : (SKIP.find(([re]) => re.test(file))?.[1] ?? '');
    const thumb = str(m['thumbnail']);
    const okThumb = thumb !== undefined && !isPlaceholder(thumb) ? thumb : undefined;
    const dur = duration(num(m['duration_seconds']));
    switch (m['media_type']) {
      case 'sticker':
        return have
          ? div(
              'media_wrap clearfix',
              `<a class="sticker_wrap clearfix pull_left" href="${escapeHtml(file)}"><img class="sticker" src="${escapeHtml(file)}_thumb.png"/></a>`,
            )
          : generic('media_photo', undefined, 'Sticker', str(m['sticker_emoji']) ?? '', desc);
      case 'animation':
        return have && okThumb
          ? div(
              'media_wrap clearfix',
              `<a class="animated_wrap clearfix pull_left" href="${escapeHtml(file)}">${div('video_play_bg', div('gif_play', 'GIF'))}<img class="animated" src="${escapeHtml(okThumb)}"/></a>`,
            )
          : generic('media_video', link, 'Animation', fileSize(num(m['file_size'])), desc);
      case 'video_file':
        return have && okThumb
          ? div(
              'media_wrap clearfix',
              `<a class="video_file_wrap clearfix pull_left" href="${escapeHtml(file)}">${div('video_play_bg', div('video_play', ''))}${div('video_duration', dur)}<img class="video_file" src="${escapeHtml(okThumb)}"/></a>`,
            )
          : generic('media_video', link, 'Video file', dur, desc);
      case 'video_message':
        return generic('media_video', link, 'Video message', dur, desc, okThumb);
      case 'voice_message':
        return generic('media_voice_message', link, 'Voice message', dur, desc);
      case 'audio_file': {
        const pt =
          str(m['performer']) && str(m['title'])
            ? `${str(m['performer'])} \u2013 ${str(m['title'])}`
            : 'Audio file';
        return generic('media_audio_file', link, pt, dur, desc);
      }
      default:
        return generic(
          'media_file',
          link,
          str(m['file_name']) ?? 'File',
          fileSize(num(m['file_size'])),
          desc,
        );
    }
  }
  const contact = m['contact_information'] as Record<string, unknown> | undefined;
  if (contact) {
    const vcard = str(m['contact_vcard']);
    const name = `${str(contact['first_name']) ?? ''} ${str(contact['last_name']) ?? ''}`;
    return generic(
      'media_contact',
      vcard && !isPlaceholder(vcard) ? vcard : undefined,
      name,
      `${str(contact['phone_number']) ?? ''}${vcard ? ' - vCard' : ''}`,
    );
  }
  const loc = m['location_information'] as { latitude?: number; longitude?: number } | null | undefined;
  if (loc && loc.latitude !== undefined && loc.longitude !== undefined) {
    const c = `${loc.latitude},${loc.longitude}`;
    return generic(
      'media_location',
      `https://maps.google.com/maps?q=${c}&ll=${c}&z=16`,
      'Location',
      `${loc.latitude}, ${loc.longitude}`,
    );
  }
  return '';
}

function nameList(v: unknown): string {
  const names = (Array.isArray(v) ? v : []).map((x) =>
    escapeHtml(typeof x === 'string' ? x : 'Deleted Account'),
  );
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The English service sentence of a JSON service message (§6.5), already HTML-escaped; '' when none. */
export function serviceText(
  m: Record<string, unknown>,
  isChannel: boolean,
  link: (id: number, text: string) => string,
): string {
  const actor = escapeHtml(str(m['actor']) ?? 'Deleted');
  const title = escapeHtml(str(m['title']) ?? '');
  switch (m['action']) {
    case 'create_group': {
      const members = nameList(m['members']);
      return `${actor} created group &laquo;${title}&raquo;${members ? ` with members ${members}` : ''}`;
    }
    case 'edit_group_title':
      return isChannel
        ? `Channel title changed to &laquo;${title}&raquo;`
        : `${actor} changed group title to &laquo;${title}&raquo;`;
    case 'invite_members':
      return `${actor} invited ${nameList(m['members'])}`;
    case 'remove_members':
      return `${actor} removed ${nameList(m['members'])}`;
    case 'join_group_by_link':
      return `${actor} joined group by link from ${escapeHtml(str(m['inviter']) ?? 'Deleted Account')}`;
    case 'join_group_by_request':
      return `${actor} joined group by request`;
    case 'create_channel':
      return `Channel &laquo;${title}&raquo; created`;
    case 'migrate_to_supergroup':
      return `${actor} converted this group to a supergroup`;
    case 'migrate_from_group':
      return `${actor} converted a basic group to this supergroup &laquo;${title}&raquo;`;
    case 'pin_message':
      return `${actor} pinned ${link(num(m['message_id']) ?? 0, 'this message')}`;
    case 'clear_history':
      return 'History cleared';
    case 'take_screenshot':
      return `${actor} took a screenshot`;
    case 'joined_telegram':
      return `${actor} joined Telegram`;
    default:
      return str(m['information_text']) !== undefined ? escapeHtml(str(m['information_text'])!) : '';
  }
}
