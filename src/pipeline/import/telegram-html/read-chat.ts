import { join } from 'node:path';
import { AppError } from '../../../domain/errors.js';
import { issue, type ItemIssue } from '../../../domain/issue.js';
import { readBlock, type BlockState } from './block.js';
import type { HtmlChat, HtmlItem } from './ir.js';
import { pathResolver, type HtmlChatPages } from './pages.js';
import { streamPage, type PageProgress } from './stream.js';

/** What reading a chat yields: first its header, then its items page by page. */
export type HtmlChatEvent =
  | { readonly type: 'header'; readonly name: string | undefined; readonly nameRaw: string | undefined }
  | { readonly type: 'item'; readonly item: HtmlItem };

/**
 * Read one chat's pages in numeric order and yield its items. Memory is bounded by one page (≤ 1000 messages).
 * Per-item problems go to `issues`; a page that is not an export page or is truncated throws (nothing yielded
 * after that is trustworthy, so callers must not store anything before the generator completes).
 */
export function* readHtmlChat(
  root: string,
  chat: HtmlChatPages,
  issues: ItemIssue[],
): Generator<HtmlChatEvent, { daySeparators: number; messages: number }> {
  const resolve = pathResolver(chat.folder);
  const state: BlockState = { previous: undefined, day: undefined, daySeparators: 0, names: new Set() };
  let lastId: number | undefined;
  let count = 0;
  for (const n of chat.missing) {
    issues.push(
      issue(
        'HTML_PAGE_MISSING',
        rel(chat.folder, `messages${n === 1 ? '' : n}.html`),
        'file',
        'page missing from the export: its messages are absent',
      ),
    );
  }
  for (const [i, page] of chat.pages.entries()) {
    const name = rel(chat.folder, page);
    const progress: PageProgress = { header: undefined, hasHistory: false };
    let headerDue = i === 0;
    state.previous = undefined; // the exporter never joins across a page break
    const blocks = streamPage(join(root, chat.folder, page), name, progress);
    let next = blocks.next();
    for (; !next.done; next = blocks.next()) {
      const b = next.value;
      if (headerDue) {
        headerDue = false;
        yield { type: 'header', name: progress.header?.trim(), nameRaw: progress.header };
      }
      const r = readBlock(b, name, state, resolve);
      issues.push(...r.issues);
      if (!r.item) continue;
      // tdesktop writes a chat in increasing id order; anything else hints at a forged block (unescaped bot or
      // custom-action markup can open fake blocks), a duplicate, or a hand-edited file.
      if (lastId !== undefined && r.item.id <= lastId) {
        issues.push(
          issue(
            'HTML_ID_ORDER',
            name,
            `message ${r.item.id}`,
            `message id not after the previous one (${lastId}): duplicate, forged or edited block?`,
          ),
        );
      }
      lastId = r.item.id;
      count++;
      yield { type: 'item', item: r.item };
    }
    if (!next.value.hasHistory) {
      throw new AppError(
        'IMPORT_UNRECOGNISED_FORMAT',
        `${name}: no <div class="history">: not a Telegram Desktop chat page`,
      );
    }
    if (headerDue) yield { type: 'header', name: next.value.header?.trim(), nameRaw: next.value.header };
  }
  if (count === 0) {
    throw new AppError(
      'IMPORT_INVALID_HTML',
      `${rel(chat.folder, chat.pages[0] ?? 'messages.html')}: no message blocks: ${state.emptyMarker ? 'the export says "No exported messages"' : 'empty or not an export'}`,
    );
  }
  return { daySeparators: state.daySeparators, messages: count };
}

/** Read a whole chat into memory (tests, small exports). */
export function parseHtmlChat(root: string, chat: HtmlChatPages): { chat: HtmlChat; issues: ItemIssue[] } {
  const issues: ItemIssue[] = [];
  const items: HtmlItem[] = [];
  let name: string | undefined;
  const gen = readHtmlChat(root, chat, issues);
  let r = gen.next();
  while (!r.done) {
    if (r.value.type === 'header') name = r.value.name;
    else items.push(r.value.item);
    r = gen.next();
  }
  return {
    chat: { folder: chat.folder, name, pages: chat.pages, items, daySeparators: r.value.daySeparators },
    issues,
  };
}

function rel(folder: string, page: string): string {
  return folder === '' ? page : `${folder}/${page}`;
}
