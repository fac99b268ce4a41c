import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, posix, resolve } from 'node:path';
import { AppError } from '../../../domain/errors.js';

/** One chat's pages: folder relative to the export root, page file names in numeric order. */
export interface HtmlChatPages {
  readonly folder: string;
  readonly pages: readonly string[];
  /** Page numbers missing between 1 and the last page. */
  readonly missing: readonly number[];
}

/** Where an HTML export was found. */
export interface HtmlExportLayout {
  readonly root: string;
  readonly kind: 'single' | 'full';
  readonly chats: readonly HtmlChatPages[];
}

const PAGE = /^messages(\d*)\.html$/;

/** Page number of `messagesN.html` (no suffix = 1), or undefined. */
export function pageNumber(name: string): number | undefined {
  const m = PAGE.exec(name);
  if (!m) return undefined;
  return m[1] === '' ? 1 : Number(m[1]);
}

/** The `messages*.html` files of a folder, sorted by their NUMERIC suffix (`messages10` after `messages9`). */
export function listPages(dir: string): HtmlChatPages & { folder: '' } {
  const nums = readdirSync(dir)
    .map((n) => ({ n, k: pageNumber(n) }))
    .filter((x): x is { n: string; k: number } => x.k !== undefined && statSync(join(dir, x.n)).isFile())
    .sort((a, b) => a.k - b.k || a.n.localeCompare(b.n));
  const have = new Set(nums.map((x) => x.k));
  const last = nums.length ? nums[nums.length - 1]!.k : 0;
  const missing: number[] = [];
  for (let i = 1; i <= last; i++) if (!have.has(i)) missing.push(i);
  return { folder: '', pages: nums.map((x) => x.n), missing };
}

/** True when `path` looks like an HTML export entry (a `messages*.html`, `export_results.html`, or a folder with one). */
export function looksLikeHtmlExport(path: string): boolean {
  if (!existsSync(path)) return false;
  if (statSync(path).isFile()) {
    const n = basename(path);
    return pageNumber(n) !== undefined || n === 'export_results.html';
  }
  if (listPages(path).pages.length > 0) return true;
  return existsSync(join(path, 'export_results.html')) && chatFolders(path).length > 0;
}

/**
 * Find the chats of an HTML export given a folder, a `messages*.html` or `export_results.html`, and the main file
 * that identifies it (first page, or `export_results.html` of a full-account export). A page inside
 * `chats/chat_NN/` of a full-account export selects that one chat, with paths still relative to the export root.
 * Throws FILE_NOT_FOUND or IMPORT_UNRECOGNISED_FORMAT naming the path.
 */
export function findHtmlExport(input: string): HtmlExportLayout & { mainFile: string } {
  const abs = resolve(input);
  if (!existsSync(abs)) throw new AppError('FILE_NOT_FOUND', `${input}: no such file or folder`);
  const isFile = statSync(abs).isFile();
  const name = basename(abs);
  if (isFile && pageNumber(name) === undefined && name !== 'export_results.html') {
    throw new AppError(
      'IMPORT_UNRECOGNISED_FORMAT',
      `${input}: not a Telegram Desktop HTML page (expected messages*.html)`,
    );
  }
  if (isFile && pageNumber(name) !== undefined) {
    const dir = dirname(abs);
    const up = dirname(dirname(dir));
    if (
      /^chat_\d+$/.test(basename(dir)) &&
      basename(dirname(dir)) === 'chats' &&
      existsSync(join(up, 'export_results.html'))
    ) {
      const chat = { ...listPages(dir), folder: posix.join('chats', basename(dir)) };
      return { root: up, kind: 'full', chats: [chat], mainFile: join(dir, chat.pages[0]!) };
    }
  }
  const root = isFile ? dirname(abs) : abs;
  const single = listPages(root);
  if (single.pages.length > 0)
    return { root, kind: 'single', chats: [single], mainFile: join(root, single.pages[0]!) };
  const results = join(root, 'export_results.html');
  const chats = existsSync(results)
    ? chatFolders(root).map((folder) => ({ ...listPages(join(root, folder)), folder }))
    : [];
  if (chats.length > 0) return { root, kind: 'full', chats, mainFile: results };
  throw new AppError(
    'IMPORT_UNRECOGNISED_FORMAT',
    `${input}: no messages*.html found: not a Telegram Desktop HTML export`,
  );
}

/** `chats/chat_NNN` folders (full-account export) holding at least one page, in name order. */
function chatFolders(root: string): string[] {
  const chats = join(root, 'chats');
  if (!existsSync(chats) || !statSync(chats).isDirectory()) return [];
  return readdirSync(chats)
    .filter((n) => /^chat_\d+$/.test(n) && statSync(join(chats, n)).isDirectory())
    .sort()
    .map((n) => posix.join('chats', n))
    .filter((f) => listPages(join(root, f)).pages.length > 0);
}

/** Resolver from an href/src on a page of `folder` to a path relative to the export root; undefined if it escapes. */
export function pathResolver(folder: string): (href: string) => string | undefined {
  return (href: string) => {
    if (href === '' || href.startsWith('/') || href.includes('\\') || href.includes('\0')) return undefined;
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return undefined;
    const p = posix.normalize(posix.join(folder, href));
    if (p === '..' || p.startsWith('../') || p === '.' || p === '') return undefined;
    return p;
  };
}
