import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../../domain/errors.js';
import { platformId, type PeerKind } from '../../../domain/ids.js';
import type { IssueCode, ItemIssue } from '../../../domain/issue.js';
import type { ChatRecord, DetectedSource, Importer, ImportEvent, RawRef, ReadOptions } from '../model.js';
import { MediaResolver } from './media.js';
import { jsonSafe, normaliseMessage, type ChatContext } from './normalise.js';
import { bareChatId, isNumericRef, kindOfChatType, toBig, type IdEra } from './peers.js';
import { ScanError, scanExport } from './scanner.js';
import { parseZone, type Zone } from './time.js';
import { JsonSyntaxError, parseTolerant } from './tolerant-json.js';
import { inferVersion, noteFeatures } from './version.js';
import { checkChatId, checkMessageId, checkMessageLists, refuseDuplicates } from './strict.js';

/** Peek at the start of a file: does it look like a tdesktop JSON export? */
function looksLikeExport(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const b = Buffer.alloc(65536);
    const n = readSync(fd, b, 0, b.length, 0);
    const head = b
      .toString('utf8', 0, n)
      .replace(/^\uFEFF/, '')
      .trimStart();
    return head.startsWith('{') && /"(messages|chats|personal_information|about|left_chats)"\s*:/.test(head);
  } finally {
    closeSync(fd);
  }
}

interface Pending {
  readonly obj: Record<string, unknown>;
  readonly raw: string;
  readonly extra: Record<string, unknown> | null;
  /** Parsed by the tolerant parser (values may hold bigint). */
  readonly lossless: boolean;
  /** Byte range of `raw` in the file, for a message read by `JSON.parse` as written (ADR 0008). */
  readonly ref?: RawRef;
}

interface ChatState {
  readonly origin: string;
  readonly header: Record<string, unknown>;
  readonly kind: PeerKind | null;
  readonly rawId: bigint | null;
  era: IdEra;
  readonly pending: Pending[];
  ctx: ChatContext | null;
}

/** The Telegram Desktop JSON importer (spec telegram-export.md §2–§5, §10). */
export const telegramJson: Importer = {
  name: 'telegram-json',
  detect(path) {
    let st;
    try {
      st = statSync(path);
    } catch {
      return null;
    }
    const main = st.isDirectory() ? join(path, 'result.json') : path;
    if (!existsSync(main) || !statSync(main).isFile() || !main.toLowerCase().endsWith('.json')) return null;
    if (!looksLikeExport(main)) return null;
    return { kind: 'telegram-json', root: dirname(main), mainFile: main };
  },
  read: readTelegramJson,
};

function* readTelegramJson(src: DetectedSource, opts: ReadOptions): Generator<ImportEvent, void> {
  const file = opts.displayName ?? basename(src.mainFile);
  const zone: Zone | undefined = opts.tz ? parseZone(opts.tz) : undefined;
  const resolver = new MediaResolver(src.root);
  const features = new Set<string>();
  const fd = openSync(src.mainFile, 'r');
  let chat: ChatState | null = null;
  let single = false;
  const issues: ItemIssue[] = [];

  const invalid = (offset: number, why: string): AppError =>
    new AppError(
      'IMPORT_INVALID_JSON',
      `${file}: byte ${offset}: ${why}; nothing from this source was stored`,
      { file, offset },
    );

  function* decide(c: ChatState, era: IdEra): Generator<ImportEvent> {
    c.era = era;
    let kind = c.kind;
    if (!kind && c.rawId !== null)
      kind = c.rawId >= 2n ** 33n ? 'channel' : c.rawId >= 2n ** 32n ? 'user' : 'channel';
    const id =
      kind && c.rawId !== null
        ? platformId(kind, bareChatId(c.rawId, kind, era))
        : `telegram:noid-${opts.sourceTag ?? 'source'}-${c.origin}`;
    const title = typeof c.header['name'] === 'string' ? c.header['name'] : null;
    const rec: ChatRecord = {
      id,
      platform: 'telegram',
      type: typeof c.header['type'] === 'string' ? c.header['type'] : null,
      title,
      origin: c.origin,
      rawId: c.rawId === null ? null : c.rawId.toString(),
    };
    if (!c.kind)
      yield {
        type: 'issue',
        issue: {
          code: 'CHAT_TYPE_UNKNOWN',
          source: file,
          location: c.origin,
          message: `chat type ${JSON.stringify(c.header['type'] ?? null)} unknown; kind guessed from its id`,
        },
      };
    yield { type: 'chat', chat: rec };
    c.ctx = { chatId: id, self: { raw: c.rawId, id }, zone, file, resolver, peers: new Map() };
    for (const p of c.pending.splice(0)) yield* emit(c.ctx, p);
  }

  function* emit(ctx: ChatContext, p: Pending): Generator<ImportEvent> {
    const m = normaliseMessage(p.obj, p.raw, ctx, p.extra, issues, p.lossless, p.ref);
    if (issues.length) for (const i of issues.splice(0)) yield { type: 'issue', issue: i };
    if (m) yield { type: 'message', message: m };
  }

  try {
    const gen = scanExport(fd);
    let r = gen.next();
    while (!r.done) {
      const ev = r.value;
      if (ev.type === 'chat-start') {
        let header: Record<string, unknown> = {};
        const where = `chat ${ev.origin} (messages at byte ${ev.offset})`;
        try {
          const parsed = parseTolerant(ev.header);
          refuseDuplicates(parsed.duplicates, file, where, true);
          const v = parsed.value;
          if (v && typeof v === 'object' && !Array.isArray(v)) header = v;
        } catch (e) {
          if (e instanceof JsonSyntaxError) throw invalid(ev.offset, `chat header: ${e.message}`);
          throw e;
        }
        checkChatId(header, file, where);
        if (ev.origin === 'root') single = true;
        const type = typeof header['type'] === 'string' ? header['type'] : null;
        chat = {
          origin: ev.origin,
          header,
          kind: kindOfChatType(type),
          rawId: toBig(header['id']),
          era: 'unknown',
          pending: [],
          ctx: null,
        };
      } else if (ev.type === 'message' && chat) {
        const p = parseOne(ev.text, ev.offset, ev.length, ev.slow, invalid, file);
        checkMessageId(p.obj, file, ev.offset);
        for (const i of p.issues) yield { type: 'issue', issue: i };
        noteFeatures(p.obj, features);
        if (chat.ctx) yield* emit(chat.ctx, p);
        else {
          const ref = p.obj['type'] === 'service' ? p.obj['actor_id'] : p.obj['from_id'];
          chat.pending.push(p);
          if (typeof ref === 'string') yield* decide(chat, 'bare');
          else if (isNumericRef(ref)) yield* decide(chat, 'shifted');
          else if (chat.pending.length >= 1000) yield* decide(chat, guessEra(features));
        }
      } else if (ev.type === 'chat-end' && chat) {
        if (!chat.ctx) yield* decide(chat, guessEra(features));
        chat = null;
      }
      r = gen.next();
    }
    let root: Record<string, unknown> = {};
    try {
      const parsed = parseTolerant(r.value.replace(/^\uFEFF/, ''));
      refuseDuplicates(parsed.duplicates, file, 'outside the messages', true);
      const v = parsed.value;
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        checkMessageLists(v, file);
        root = jsonSafe(v) as Record<string, unknown>;
      }
    } catch (e) {
      if (e instanceof JsonSyntaxError) throw invalid(0, `outside the messages: ${e.message}`);
      throw e;
    }
    if (single) for (const k of ['name', 'type', 'id', 'messages']) delete root[k];
    yield {
      type: 'metadata',
      metadata: {
        shape: single ? 'single-chat' : 'full-account',
        inferredVersion: inferVersion(features),
        extra: root,
      },
    };
  } catch (e) {
    if (e instanceof ScanError)
      throw e.code
        ? new AppError(
            e.code,
            `${file}: byte ${e.byteOffset}: ${e.message}; nothing from this source was stored`,
          )
        : invalid(e.byteOffset, e.message);
    throw e;
  } finally {
    closeSync(fd);
  }
}

function guessEra(features: Set<string>): IdEra {
  return features.has('date_unixtime') || features.has('string-peer') ? 'bare' : 'shifted';
}

/** Parse one message slice: JSON.parse on the fast path, the tolerant parser when flagged or when that fails. */
function parseOne(
  text: string,
  offset: number,
  length: number,
  slow: boolean,
  invalid: (offset: number, why: string) => AppError,
  file: string,
): Pending & { issues: ItemIssue[] } {
  if (!slow) {
    try {
      const v = JSON.parse(text) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v))
        return {
          obj: v as Record<string, unknown>,
          raw: text,
          extra: null,
          issues: [],
          lossless: false,
          ref: { offset, length },
        };
    } catch {
      // fall through to the tolerant parser, which reports the exact place
    }
  }
  let res;
  try {
    res = parseTolerant(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError)
      throw invalid(offset + Buffer.byteLength(text.slice(0, e.offset)), e.message);
    throw e;
  }
  if (!res.value || typeof res.value !== 'object' || Array.isArray(res.value))
    throw invalid(offset, 'a message is not an object');
  const obj = res.value as Record<string, unknown>;
  const where = `message ${String(obj['id'])}`;
  const counts = new Map<IssueCode, { n: number; first: number; message: string }>();
  for (const w of res.warnings) {
    const c = counts.get(w.code);
    if (c) c.n++;
    else
      counts.set(w.code, {
        n: 1,
        first: offset + Buffer.byteLength(text.slice(0, w.offset)),
        message: w.message,
      });
  }
  const issues: ItemIssue[] = [...counts].map(([code, c]) => ({
    code,
    source: file,
    location: `${where}, byte ${c.first}`,
    message: c.n > 1 ? `${c.message} (and ${c.n - 1} more in this message)` : c.message,
  }));
  refuseDuplicates(res.duplicates, file, `byte ${offset}`, false);
  const extra = res.duplicates.length ? { duplicateKeys: res.duplicates.map((d) => jsonSafe(d)) } : null;
  return { obj, raw: text, extra, issues, lossless: true };
}
