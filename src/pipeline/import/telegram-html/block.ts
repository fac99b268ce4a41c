import { AppError } from '../../../domain/errors.js';
import { issue, type ItemIssue } from '../../../domain/issue.js';
import { parseDaySeparator, parseTitleDate } from './date.js';
import type { HtmlDate, HtmlItem, HtmlMessage } from './ir.js';
import { readMedia, type PathResolver } from './media.js';
import { decodeService } from './service.js';
import type { RawBlock } from './stream.js';
import { readText } from './text.js';
import { childEls, childWith, findDeep, hasClass, ownText, trimmedText, type El } from './tree.js';

/** State carried from block to block within one chat. */
export interface BlockState {
  /** The previous regular message on the same page (joined messages inherit its sender). */
  previous: HtmlMessage | undefined;
  /** Local day (`YYYY-MM-DD`) of the last separator. */
  day: string | undefined;
  daySeparators: number;
  /** The page said "No exported messages". */
  emptyMarker?: boolean;
  /** Trimmed sender names seen so far (helps split service name lists). */
  readonly names: Set<string>;
}

/** Result of reading one block: an item, a day separator (undefined item), and per-item issues. */
export interface BlockResult {
  readonly item: HtmlItem | undefined;
  readonly issues: readonly ItemIssue[];
}

const MIGRATED_FLOOR = -999_999_999;

/** Read one `div.message` block of page `page` (§6.7 steps 2-8). Throws IMPORT_INVALID_HTML on a block without id. */
export function readBlock(b: RawBlock, page: string, state: BlockState, resolve: PathResolver): BlockResult {
  const idAttr = b.el.attrs.id ?? '';
  const m = /^message(-?\d+)$/.exec(idAttr);
  if (!m) {
    throw new AppError(
      'IMPORT_INVALID_HTML',
      `${page}: line ${b.line}: message block without a valid id ("${idAttr}")`,
    );
  }
  const id = Number(m[1]);
  const body = childWith(b.el, 'body');
  if (hasClass(b.el, 'service')) {
    const sentence = body ? trimmedText(body) : '';
    const day = parseDaySeparator(sentence);
    if (id < 0 && id > MIGRATED_FLOOR && day !== undefined) {
      state.day = day;
      state.daySeparators++;
      state.previous = undefined;
      return { item: undefined, issues: [] };
    }
    if (id < 0 && id > MIGRATED_FLOOR && sentence === 'No exported messages') {
      state.emptyMarker = true; // tdesktop's marker of a single-chat export with nothing in it
      return { item: undefined, issues: [] };
    }
    const d = decodeService(sentence, state.names);
    const link = body ? findDeep(body, (e) => e.tag === 'a') : undefined;
    const target = link ? linkedMessage(link) : undefined;
    state.previous = undefined;
    const issues =
      d.action === 'unknown'
        ? [
            issue(
              'HTML_SERVICE_UNKNOWN',
              page,
              `message ${id}`,
              'service text matches no known template; kept as text',
            ),
          ]
        : [];
    return {
      issues,
      item: {
        kind: 'service',
        id,
        page,
        line: b.line,
        day: state.day,
        action: d.action,
        actor: d.actor?.trim(),
        members: (d.members ?? []).map((x) => x.trim()),
        title: d.title,
        inviter: d.inviter?.trim(),
        messageId: target,
        photoPath: servicePhoto(b.el, resolve),
        durationSeconds: d.durationSeconds,
        text: sentence,
        raw: b.raw,
      },
    };
  }
  if (!hasClass(b.el, 'default') || !body) {
    throw new AppError(
      'IMPORT_INVALID_HTML',
      `${page}: line ${b.line}: message ${id} is neither a service nor a default block`,
    );
  }
  const issues: ItemIssue[] = [];
  const joined = hasClass(b.el, 'joined');
  const dateEl = childWith(body, 'date', 'details');
  const date = dateEl?.attrs.title !== undefined ? parseTitleDate(dateEl.attrs.title) : undefined;
  if (!date) issues.push(issue('HTML_DATE_MISSING', page, `message ${id}`, 'no readable date title'));

  const fromEl = childWith(body, 'from_name');
  let fromRaw: string | undefined;
  let viaBot: string | undefined;
  if (fromEl) [fromRaw, viaBot] = splitVia(ownText(fromEl));
  const prev = state.previous;
  if (!fromEl && joined) {
    if (prev) {
      fromRaw = prev.fromRaw;
      viaBot = prev.viaBot;
    } else
      issues.push(
        issue('HTML_JOINED_ORPHAN', page, `message ${id}`, 'joined message without a previous sender'),
      );
  }
  const userpic = childWith(b.el, 'userpic_wrap');
  const colorEl = userpic
    ? findDeep(userpic, (e) => e.classes.some((c) => /^userpic\d+$/.test(c)))
    : undefined;
  const color = colorEl?.classes.find((c) => /^userpic\d+$/.test(c));
  const userpicColor = color ? Number(color.slice(7)) : joined ? prev?.userpicColor : undefined;

  // Forwarded: the content sits inside div.forwarded.body.
  const fwd = childWith(body, 'forwarded', 'body');
  let forwardedFrom: string | undefined;
  let forwardedDate: HtmlDate | undefined;
  if (fwd) {
    const fName = childWith(fwd, 'from_name');
    if (fName) {
      forwardedFrom = splitVia(ownText(fName))[0]?.trim();
      const span = childEls(fName).find((e) => hasClass(e, 'date', 'details'));
      if (span?.attrs.title) forwardedDate = parseTitleDate(span.attrs.title);
    } else if (prev?.forwarded) {
      forwardedFrom = prev.forwardedFrom;
      forwardedDate = prev.forwardedDate;
    }
  }
  const content = fwd ?? body;
  const replyEl = childWith(body, 'reply_to', 'details') ?? childWith(content, 'reply_to', 'details');
  const replyLink = replyEl ? findDeep(replyEl, (e) => e.tag === 'a') : undefined;
  const replyTo = replyLink ? linkedMessage(replyLink) : undefined;
  const replyToOtherChat =
    replyEl !== undefined && replyLink === undefined && /another chat/.test(trimmedText(replyEl));
  const mediaWrap = childWith(content, 'media_wrap');
  const media = mediaWrap ? readMedia(mediaWrap, resolve) : undefined;
  if (media?.kind === 'unknown')
    issues.push(
      issue(
        'HTML_MEDIA_UNKNOWN',
        page,
        `message ${id}`,
        `unrecognised media block (${media.classes.join(' ')})`,
      ),
    );
  if (mediaWrap && hasUnsafePath(mediaWrap, resolve)) {
    issues.push(
      issue(
        'IMPORT_UNSAFE_PATH',
        page,
        `message ${id}`,
        'a media path points outside the export folder; ignored',
      ),
    );
  }
  const text = readText(childWith(content, 'text'), resolve);
  const sig = childWith(content, 'signature', 'details') ?? childWith(body, 'signature', 'details');
  const from = fromRaw?.trim();
  if (from) state.names.add(from);
  const msg: HtmlMessage = {
    kind: 'message',
    id,
    page,
    line: b.line,
    date,
    from,
    fromRaw,
    joined,
    userpicColor,
    viaBot,
    forwardedFrom,
    forwardedDate,
    forwarded: fwd !== undefined,
    replyTo,
    replyToOtherChat,
    media,
    text,
    signature: sig ? trimmedText(sig) : undefined,
    buttons: readButtons(body),
    reactions: readReactions(body),
    raw: b.raw,
  };
  state.previous = msg;
  return { item: msg, issues };
}

/** `Name via @bot` → [name, '@bot']. The name keeps its raw spacing. */
function splitVia(s: string): [string, string | undefined] {
  const m = /^(.*) via @([A-Za-z0-9_]+)$/s.exec(s);
  return m ? [m[1]!, `@${m[2]!}`] : [s, undefined];
}

/** Message id of a `GoToMessage(N)` / `#go_to_messageN` link. */
function linkedMessage(a: El): number | undefined {
  const m =
    /GoToMessage\((-?\d+)\)/.exec(a.attrs.onclick ?? '') ?? /go_to_message(-?\d+)/.exec(a.attrs.href ?? '');
  return m ? Number(m[1]) : undefined;
}

function hasUnsafePath(wrap: El, resolve: PathResolver): boolean {
  const refs: string[] = [];
  const walk = (e: El): void => {
    for (const k of ['href', 'src'] as const) {
      const v = e.attrs[k];
      if (v && !/^[a-z][a-z0-9+.-]*:/i.test(v)) refs.push(v);
    }
    childEls(e).forEach(walk);
  };
  walk(wrap);
  return refs.some((r) => resolve(r) === undefined);
}

function readButtons(body: El): string[][] {
  const table = childEls(body).find((e) => e.tag === 'table' && hasClass(e, 'bot_buttons_table'));
  if (!table) return [];
  const rows: string[][] = [];
  const walk = (e: El): void => {
    if (e.tag === 'tr')
      rows.push(
        childEls(e)
          .map((c) => trimmedText(c))
          .filter((t) => t.length > 0),
      );
    else childEls(e).forEach(walk);
  };
  walk(table);
  return rows;
}

function readReactions(body: El): { emoji: string; count: number; mine: boolean }[] {
  const box = childEls(body).find((e) => hasClass(e, 'reactions'));
  if (!box) return [];
  return childEls(box)
    .filter((e) => hasClass(e, 'reaction'))
    .map((r) => {
      const emoji = childEls(r).find((e) => hasClass(e, 'emoji'));
      const count = childEls(r).find((e) => hasClass(e, 'count'));
      return {
        emoji: emoji ? trimmedText(emoji) : '',
        count: count ? Number(trimmedText(count)) || 1 : 1,
        mine: hasClass(r, 'active'),
      };
    });
}

/** The full-size photo linked from a service block's userpic (chat photo changed, suggested photo). */
function servicePhoto(block: El, resolve: PathResolver): string | undefined {
  const wrap = childWith(block, 'userpic_wrap');
  const link = wrap ? findDeep(wrap, (e) => e.tag === 'a' && hasClass(e, 'userpic_link')) : undefined;
  return link?.attrs.href ? resolve(link.attrs.href) : undefined;
}
