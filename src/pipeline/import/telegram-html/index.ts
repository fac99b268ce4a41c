import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AppError } from '../../../domain/errors.js';
import { parsePlatformId } from '../../../domain/ids.js';
import { issue, type ItemIssue } from '../../../domain/issue.js';
import type { DetectedSource, Importer, ImportEvent, ReadOptions } from '../model.js';
import { MediaResolver } from '../telegram-json/media.js';
import { readChatList, type ChatListEntry } from './chat-list.js';
import { makeClock } from './clock.js';
import { derivedChatId, derivedKind } from './ids.js';
import type { HtmlItem, HtmlService } from './ir.js';
import { normaliseHtmlMessage, normaliseHtmlService, type HtmlChatContext } from './normalise.js';
import { findHtmlExport, looksLikeHtmlExport, type HtmlChatPages } from './pages.js';
import { readHtmlChat, type HtmlChatEvent } from './read-chat.js';

/** Options of the HTML importer: the common ones plus `chatId`, which ties the chat to a known id (ADR 0007). */
export interface HtmlReadOptions extends ReadOptions {
  /** Store the chat under this id (`telegram:channel123` from a JSON export, or an earlier `telegram:html-chat-…`). */
  readonly chatId?: string;
}

/** The Telegram Desktop HTML importer (spec telegram-export.md §6, ADR 0007). */
export const telegramHtml: Importer = {
  name: 'telegram-html',
  detect(path) {
    if (!looksLikeHtmlExport(path)) return null;
    try {
      const layout = findHtmlExport(path);
      return { kind: 'telegram-html', root: layout.root, mainFile: layout.mainFile };
    } catch {
      return null;
    }
  },
  read: readTelegramHtml,
};

/** Stream the chats of an HTML export as import events. Throws AppError (nothing yielded) on a truncated page. */
export function* readTelegramHtml(src: DetectedSource, opts: HtmlReadOptions): Generator<ImportEvent, void> {
  const layout = findHtmlExport(basename(src.mainFile) === 'export_results.html' ? src.root : src.mainFile);
  if (opts.chatId !== undefined) checkChatId(opts.chatId, layout.chats.length);
  for (const chat of layout.chats)
    for (const page of chat.pages) precheck(join(layout.root, chat.folder, page), rel(chat.folder, page));
  const clock = makeClock(opts.tz);
  const resolver = new MediaResolver(layout.root);
  let daySeparators = 0;
  let zoned = 0;
  let messages = 0;
  const list = layout.kind === 'full' ? readChatList(layout.root) : [];
  for (const pages of layout.chats) {
    const entry = list.find((e) => e.folder === pages.folder);
    const stats = yield* readChat(layout.root, pages, opts, clock, resolver, entry);
    daySeparators += stats.daySeparators;
    zoned += stats.zoned;
    messages += stats.messages;
  }
  yield {
    type: 'metadata',
    metadata: {
      shape: layout.kind === 'full' ? 'html-full-account' : 'html-single-chat',
      inferredVersion: messages === 0 ? null : zoned > 0 ? '>=3.7.6' : '<3.7.6',
      extra: {
        chats: layout.chats.map((c) => ({ folder: c.folder, pages: c.pages })),
        daySeparators,
        ...(list.length ? { chatList: list } : {}),
      },
      files: [
        ...layout.chats.flatMap((c) => c.pages.map((p) => (c.folder === '' ? p : `${c.folder}/${p}`))),
        ...(layout.kind === 'full' && existsSync(join(layout.root, 'lists', 'chats.html'))
          ? ['lists/chats.html']
          : []),
      ],
    },
  };
}

function* readChat(
  root: string,
  pages: HtmlChatPages,
  opts: HtmlReadOptions,
  clock: ReturnType<typeof makeClock>,
  resolver: MediaResolver,
  entry: ChatListEntry | undefined,
): Generator<ImportEvent, { daySeparators: number; zoned: number; messages: number }> {
  const issues: ItemIssue[] = [];
  if (entry?.onlyMyMessages) {
    issues.push(
      issue(
        'HTML_ONLY_MY_MESSAGES',
        'lists/chats.html',
        pages.folder,
        `"${entry.name}" was exported with "Only my messages": other members' messages are absent`,
      ),
    );
  }
  const gen = readHtmlChat(root, pages, issues);
  const buffered: HtmlItem[] = [];
  let name: string | undefined;
  let r: IteratorResult<HtmlChatEvent, { daySeparators: number; messages: number }> = gen.next();
  const firstIds = (): number[] => buffered.filter((i) => i.kind === 'message').map((i) => i.id);
  while (!r.done && firstIds().length < 3) {
    if (r.value.type === 'header') name = r.value.name;
    else buffered.push(r.value.item);
    r = gen.next();
  }
  const chatId = opts.chatId ?? derivedChatId(name, firstIds());
  yield {
    type: 'chat',
    chat: {
      id: chatId,
      platform: 'telegram',
      type: entry?.type ?? null,
      title: name ?? null,
      origin: pages.folder === '' ? 'root' : pages.folder,
      rawId: null,
    },
  };
  const ctx: HtmlChatContext = { chatId, clock, resolver, issues };
  let zoned = 0;
  let lastUtc: number | null = null;
  let pending: HtmlService[] = [];
  const drain = function* (): Generator<ImportEvent> {
    for (const i of clock.issues.splice(0)) yield { type: 'issue', issue: i };
    for (const i of issues.splice(0)) yield { type: 'issue', issue: i };
  };
  const flush = function* (before: number | null): Generator<ImportEvent> {
    for (const s of pending)
      yield { type: 'message', message: normaliseHtmlService(s, ctx, { after: lastUtc, before }) };
    pending = [];
  };
  const handle = function* (item: HtmlItem): Generator<ImportEvent> {
    if (item.kind === 'service') {
      pending.push(item);
      return;
    }
    if (item.date?.offsetMinutes !== undefined) zoned++;
    const rec = normaliseHtmlMessage(item, ctx);
    yield* flush(rec.date.utc);
    yield* drain();
    yield { type: 'message', message: rec };
    if (rec.date.utc !== null) lastUtc = rec.date.utc;
  };
  for (const item of buffered) yield* handle(item);
  while (!r.done) {
    if (r.value.type === 'item') yield* handle(r.value.item);
    r = gen.next();
  }
  yield* flush(null);
  yield* drain();
  return { daySeparators: r.value.daySeparators, zoned, messages: r.value.messages };
}

function checkChatId(id: string, chats: number): void {
  if (chats > 1)
    throw new AppError(
      'USAGE',
      `--chat-id ${id}: this export holds ${chats} chats; --chat-id needs a single-chat export`,
    );
  if (!parsePlatformId(id) && derivedKind(id) !== 'chat') {
    throw new AppError(
      'USAGE',
      `--chat-id ${id}: expected a chat id such as telegram:channel123, telegram:chat45, telegram:user67 or telegram:html-chat-<16 hex>`,
    );
  }
}

/** Cheap checks before anything is emitted: an HTML document that ends with </html> (not truncated). */
function precheck(path: string, name: string): void {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, 4096));
    readSync(fd, head, 0, head.length, 0);
    const h = head
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart()
      .toLowerCase();
    if (!h.startsWith('<!doctype html') && !h.startsWith('<html')) {
      throw new AppError(
        'IMPORT_UNRECOGNISED_FORMAT',
        `${name}: byte 0: not an HTML document (Telegram Desktop pages start with <!DOCTYPE html>)`,
      );
    }
    const tail = Buffer.alloc(Math.min(size, 1024));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    if (!/<\/html>\s*$/i.test(tail.toString('utf8'))) {
      throw new AppError(
        'IMPORT_INVALID_HTML',
        `${name}: byte ${size}: file ends before </html>: truncated export; nothing from this source was stored`,
      );
    }
  } finally {
    closeSync(fd);
  }
}

function rel(folder: string, page: string): string {
  return folder === '' ? page : `${folder}/${basename(page)}`;
}
