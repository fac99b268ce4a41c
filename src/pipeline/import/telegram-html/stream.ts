import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { Parser } from 'htmlparser2';
import { AppError } from '../../../domain/errors.js';
import { el, hasClass, type El } from './tree.js';

/** One `div.message` block of `div.history`, with its tree, its raw markup (evidence) and its line. */
export interface RawBlock {
  readonly el: El;
  /** The block's outer HTML exactly as in the file: kept as evidence, never rendered. */
  readonly raw: string;
  /** 1-based line of the block's opening tag. */
  readonly line: number;
}

/** What a page says about itself besides its blocks. */
export interface PageShell {
  /** `div.page_header div.text.bold`, raw (may end with a space). */
  readonly header: string | undefined;
  readonly hasHistory: boolean;
  /** Hrefs of `a.pagination` links. */
  readonly pagination: readonly string[];
  readonly title: string | undefined;
}

/** Deepest element nesting accepted in a page (tdesktop writes about 15); deeper is INPUT_TOO_DEEP. */
export const MAX_HTML_DEPTH = 256;

interface Frame {
  readonly tag: string;
  readonly classes: readonly string[];
  /** Set while inside a captured subtree. */
  readonly node: El | undefined;
  readonly isRoot: boolean;
}

/** What is known about a page while it streams (the header precedes the history in tdesktop pages). */
export interface PageProgress {
  header: string | undefined;
  hasHistory: boolean;
}

/**
 * Stream one tdesktop HTML page through htmlparser2 (64 KiB reads) and yield each message block in file order;
 * returns the page shell. Memory is bounded by one read plus the largest block. Throws IMPORT_INVALID_HTML when
 * the file is truncated. `name` is the file name used in errors (relative to the export root).
 */
export function* streamPage(
  path: string,
  name: string,
  progress: PageProgress = { header: undefined, hasHistory: false },
): Generator<RawBlock, PageShell> {
  const queue: RawBlock[] = [];
  let buf = '';
  let bufBase = 0;
  let bufLine = 1;
  let lastEnd = -1;
  let ending = false;
  let htmlClosed = false;
  let hasHistory = false;
  let header: string | undefined;
  let title: string | undefined;
  let inTitle = false;
  const pagination: string[] = [];
  const stack: Frame[] = [];
  let capture: { root: El; start: number; kind: 'block' | 'header' } | undefined;
  let failure: AppError | undefined;

  // Line numbers are counted incrementally: a cursor (absolute offset, line there) only moves forward.
  let curAbs = 0;
  let curLine = 1;
  const lineAt = (abs: number): number => {
    const target = Math.max(bufBase, Math.min(abs, bufBase + buf.length));
    if (target < curAbs || curAbs < bufBase) {
      curAbs = bufBase;
      curLine = bufLine;
    }
    const end = target - bufBase;
    for (let i = buf.indexOf('\n', curAbs - bufBase); i !== -1 && i < end; i = buf.indexOf('\n', i + 1))
      curLine++;
    curAbs = target;
    return curLine;
  };
  const fail = (abs: number, what: string): void => {
    failure ??= new AppError('IMPORT_INVALID_HTML', `${name}: line ${lineAt(abs)}: ${what}`);
  };

  const parser: Parser = new Parser(
    {
      onopentag(tag, attribs) {
        lastEnd = Math.max(lastEnd, parser.endIndex);
        if (stack.length >= MAX_HTML_DEPTH && !failure)
          failure = new AppError(
            'INPUT_TOO_DEEP',
            `${name}: line ${lineAt(parser.startIndex)}: elements nested deeper than ${MAX_HTML_DEPTH} levels`,
          );
        const top = stack[stack.length - 1];
        const classes = (attribs.class ?? '').split(/\s+/).filter(Boolean);
        if (capture && top?.node) {
          const node = el(tag, attribs);
          top.node.children.push(node);
          stack.push({ tag, classes, node, isRoot: false });
          return;
        }
        if (tag === 'title') inTitle = true;
        if (tag === 'div' && classes.includes('history')) hasHistory = progress.hasHistory = true;
        if (tag === 'a' && classes.includes('pagination') && attribs.href) pagination.push(attribs.href);
        const parentIsHistory = top?.tag === 'div' && top.classes.includes('history');
        const startsBlock = tag === 'div' && parentIsHistory && classes.includes('message');
        const startsHeader = tag === 'div' && classes.includes('page_header') && header === undefined;
        if (startsBlock || startsHeader) {
          const root = el(tag, attribs);
          capture = { root, start: parser.startIndex, kind: startsBlock ? 'block' : 'header' };
          stack.push({ tag, classes, node: root, isRoot: true });
          return;
        }
        stack.push({ tag, classes, node: undefined, isRoot: false });
      },
      ontext(text) {
        lastEnd = Math.max(lastEnd, parser.endIndex);
        if (inTitle) title = (title ?? '') + text;
        const top = stack[stack.length - 1];
        if (!capture || !top?.node) return;
        const kids = top.node.children;
        const last = kids[kids.length - 1];
        if (typeof last === 'string') kids[kids.length - 1] = last + text;
        else kids.push(text);
      },
      onclosetag(tag, implied) {
        lastEnd = Math.max(lastEnd, parser.endIndex);
        if (tag === 'title') inTitle = false;
        if (tag === 'html' && !implied) htmlClosed = true;
        const frame = stack.pop();
        if (!frame?.isRoot || !capture) return;
        const c = capture;
        capture = undefined;
        if (ending) {
          const id = c.root.attrs.id ?? '';
          fail(
            c.start,
            `file ends inside <div class="${c.root.attrs.class ?? ''}" id="${id}">: truncated export`,
          );
          return;
        }
        if (c.kind === 'header') {
          header = progress.header = findText(c.root);
          return;
        }
        const end = Math.min(parser.endIndex + 1, bufBase + buf.length);
        const raw = buf.slice(c.start - bufBase, end - bufBase);
        queue.push({ el: c.root, raw, line: lineAt(c.start) });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );

  const fd = openSync(path, 'r');
  const decoder = new StringDecoder('utf8');
  const bytes = Buffer.alloc(64 * 1024);
  let first = true;
  try {
    for (;;) {
      const n = readSync(fd, bytes, 0, bytes.length, null);
      let text = n > 0 ? decoder.write(bytes.subarray(0, n)) : decoder.end();
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.length > 0) first = false;
      buf += text;
      parser.write(text);
      if (failure || n === 0) break;
      for (const b of queue.splice(0)) yield b;
      const keepFrom = capture ? capture.start : lastEnd + 1;
      const cut = keepFrom - bufBase;
      if (cut > 0) {
        bufLine = lineAt(keepFrom);
        buf = buf.slice(cut);
        bufBase = keepFrom;
      }
    }
  } finally {
    closeSync(fd);
  }
  if (!failure) {
    ending = true;
    parser.end();
  }
  if (failure) throw failure;
  for (const b of queue.splice(0)) yield b;
  if (!htmlClosed && hasHistory) {
    throw new AppError(
      'IMPORT_INVALID_HTML',
      `${name}: line ${bufLine}: file ends before </html>: truncated export`,
    );
  }
  return { header, hasHistory, pagination, title: title?.trim() };
}

function findText(root: El): string | undefined {
  const stack: El[] = [root];
  while (stack.length) {
    const e = stack.shift()!;
    if (hasClass(e, 'text', 'bold')) {
      return e.children
        .map((c) => (typeof c === 'string' ? c : ''))
        .join('')
        .replace(/^\n/, '')
        .replace(/\n *$/, '');
    }
    for (const c of e.children) if (typeof c !== 'string') stack.push(c);
  }
  return undefined;
}
