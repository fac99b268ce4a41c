import { existsSync, openSync, readSync, closeSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, relative, resolve } from 'node:path';
import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import type { ItemIssue } from '../domain/issue.js';
import { VIGIE_VERSION } from '../domain/version.js';
import { detectSource } from '../pipeline/import/registry.js';
import { zipLimitsFromEnv, type ZipLimits, type ZipSource } from '../pipeline/import/zip.js';
import { dropOrphans, openZipExport, storeZipMedia, type Prestored } from './import-zip.js';
import type { DetectedSource, Importer, ReadOptions, SourceMetadata } from '../pipeline/import/model.js';
import { parseZone } from '../pipeline/import/telegram-json/time.js';
import { exportNamesOwner } from '../pipeline/import/owner.js';
import { withSeverity } from '../pipeline/import/severity.js';
import { inlineReader, workerReader, type SourceReader } from '../pipeline/import/read-packed.js';
import { sourceIdOf, type WriteCounts } from '../store/import-writer.js';
import { telegramUserId } from '../store/own-accounts.js';
import { AT, isPackedMessage } from '../domain/message-row.js';
import { runStage, safePoint, stopIfCancelled, type StageProgress, type StageRun } from './run-stage.js';

/** Input of importSources. */
export interface ImportInput {
  readonly paths: readonly string[];
  /** Label of the collecting (undercover) account, stored on the source. */
  readonly account?: string;
  /** Refuse (USAGE) an export without `account` that does not name its owner (`vigie import`, issue 17). */
  readonly requireAccount?: boolean;
  /** Platform id of the collecting account (`telegram:user123`, `user123` or `123`): one of the case's own accounts. */
  readonly accountId?: string;
  /** Exporter's time zone for local times without a UTC twin (IANA or ±HH:MM). */
  readonly tz?: string;
  /** Store the chat of a single-chat HTML export under this id (`telegram:channel123`, ADR 0007). */
  readonly chatId?: string;
  /** Zip limits over $VIGIE_ZIP_* and DEFAULT_ZIP_LIMITS (docs/import.md). */
  readonly zipLimits?: Partial<ZipLimits>;
  /**
   * Where sources are read (ADR 0009): `auto` (default) reads a main file of READ_IN_WORKER_BYTES or more on a
   * worker thread while this thread writes (when the machine has more than one core), smaller ones here; `worker`
   * and `inline` force one way (tests, benchmarks).
   */
  readonly readThread?: 'auto' | 'worker' | 'inline';
  /** Messages written so far (all sources), after each batch; the total is not known in advance. */
  readonly onProgress?: (p: StageProgress) => void;
  /** Cancel: the source in hand is rolled back (sources already imported stay), the run marked `interrupted`. */
  readonly signal?: AbortSignal;
}

/** From this main-file size, `auto` reads on a worker thread (below it, starting the thread costs more). */
export const READ_IN_WORKER_BYTES = 4 << 20;

/** What happened to one path. */
export interface ImportedSource extends Partial<WriteCounts> {
  readonly path: string;
  readonly kind: string;
  readonly sourceId: string;
  readonly sha256: string;
  readonly status: 'imported' | 'already-imported';
}

/** Result of importSources. */
export interface ImportResult {
  readonly runId: string | null;
  readonly sources: ImportedSource[];
  /** Every per-item issue, each with its severity. */
  readonly issues: ItemIssue[];
  /** Issues of severity `error` (items not read or stored): the CLI exits 3 when > 0. */
  readonly errors: number;
  /** Issues of severity `warning` (expected incompleteness, e.g. media files absent from the export). */
  readonly warnings: number;
}

function isZip(path: string): boolean {
  if (!statSync(path).isFile()) return false;
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(4);
    readSync(fd, b, 0, 4, 0);
    return b.readUInt32LE(0) === 0x04034b50 || b.readUInt32LE(0) === 0x06054b50;
  } finally {
    closeSync(fd);
  }
}

/** What import-sources needs of the case. */
type ImportDeps = Pick<CaseContext, 'store' | 'evidence' | 'user' | 'paths'>;

/** One path made ready: its export detected, its main file stored, its reader started (or already imported). */
interface Prepared {
  readonly path: string;
  readonly importer: Importer;
  readonly src: DetectedSource;
  readonly display: string;
  readonly displayOf: (abs: string) => string;
  readonly preIssues: ItemIssue[];
  readonly main: { sha256: string; size: number };
  readonly sourceId: string;
  readonly already: boolean;
  readonly prestored: Prestored | undefined;
  readonly reader: SourceReader | null;
  /** Hashes of evidence files this source wrote (removed again if it fails). */
  readonly written: string[];
  close(): void;
}

/** Import exports (folders, result.json files, zips): one transaction per source; already-imported sources are no-ops. */
export async function importSources(deps: ImportDeps, input: ImportInput): Promise<ImportResult> {
  if (input.tz) parseZone(input.tz);
  const result: { sources: ImportedSource[]; issues: ItemIssue[] } = { sources: [], issues: [] };
  // Sources already in the case need no run: a re-import that brings nothing new records nothing.
  let i = 0;
  let first: Prepared | null = null;
  for (; i < input.paths.length && !first; i++) {
    stopIfCancelled(input.signal, 'import');
    const prep = await prepare(deps, input, input.paths[i] ?? '');
    if (prep.already) {
      result.sources.push(statusOf(prep, 'already-imported'));
      prep.close();
    } else first = prep;
  }
  if (!first) return { ...result, runId: null, errors: 0, warnings: 0 };
  const options = { account: input.account ?? null, tz: input.tz ?? null };
  let next: Prepared | null = first;
  // The run is recorded with the first source: a refused first source leaves the case exactly as it was.
  return runStage(
    deps,
    'import',
    options,
    async (run) => {
      for (let j = i - 1; j < input.paths.length; j++) {
        stopIfCancelled(input.signal, 'import');
        const prep: Prepared = next ?? (await prepare(deps, input, input.paths[j] ?? ''));
        next = null;
        try {
          if (prep.already) result.sources.push(statusOf(prep, 'already-imported'));
          else {
            const before = result.sources.reduce((n, x) => n + (x.messages ?? 0), 0);
            const r = await importOne(deps, run, prep, input, before);
            result.sources.push(r.source);
            result.issues.push(...r.issues.map(withSeverity));
          }
        } catch (e) {
          await dropOrphans(deps, prep.written);
          throw e;
        } finally {
          prep.close();
        }
      }
      const imported = result.sources.filter((s) => s.status === 'imported').length;
      const errors = result.issues.filter((x) => x.severity === 'error').length;
      return {
        result: { ...result, runId: run.id, errors, warnings: result.issues.length - errors },
        status: errors ? 'issues' : 'ok',
        stats: { imported, issues: result.issues.length, errors },
        audit: null,
      };
    },
    { deferStart: true },
  );
}

const statusOf = (p: Prepared, status: ImportedSource['status']): ImportedSource => ({
  path: p.path,
  kind: p.importer.name,
  sourceId: p.sourceId,
  sha256: p.main.sha256,
  status,
});

/** The read options of one source. */
function readOptions(input: ImportInput, display: string, sourceTag: string): ReadOptions {
  return {
    tz: input.tz,
    displayName: display,
    sourceTag,
    ...(input.chatId !== undefined ? { chatId: input.chatId } : {}),
  };
}

/** Detect one path's export (opening a zip in place), store its main file, start its reader. */
async function prepare(deps: ImportDeps, input: ImportInput, p: string): Promise<Prepared> {
  const path = resolve(p);
  if (!existsSync(path)) throw new AppError('FILE_NOT_FOUND', `${p}: no such file or folder`);
  let zip: ZipSource | null = null;
  let reader: SourceReader | null = null;
  const written: string[] = [];
  const close = (): void => {
    reader?.close();
    zip?.close();
    if (zip) rmSync(zip.root, { recursive: true, force: true });
  };
  try {
    let preIssues: ItemIssue[] = [];
    let target = path;
    if (isZip(path)) {
      zip = await openZipExport(deps, path, { ...zipLimitsFromEnv(), ...input.zipLimits });
      preIssues = zip.issues;
      target = zip.root;
    }
    const found = detectSource(target);
    if (!found)
      throw new AppError(
        'IMPORT_UNRECOGNISED_FORMAT',
        `${p}: not a Telegram Desktop export (no result.json export found)`,
      );
    if (input.chatId !== undefined && found.importer.name !== 'telegram-html')
      throw new AppError(
        'USAGE',
        `--chat-id: ${p} is a ${found.importer.name} export, whose chats carry their own ids; --chat-id applies to HTML exports only`,
      );
    const { importer, source: src } = found;
    if (input.requireAccount && input.account === undefined && !exportNamesOwner(importer.name, src.mainFile))
      throw new AppError(
        'USAGE',
        `${p}: --account LABEL is required: this export does not name its owner (only full-account JSON exports do); say which account collected it`,
      );
    const root = zip?.root;
    const displayOf = (abs: string): string =>
      root ? `${basename(path)}!/${relative(root, abs)}` : relative(src.root, abs);
    const display = root
      ? displayOf(src.mainFile)
      : relative(src.root, src.mainFile) || basename(src.mainFile);
    // A large source is read on a worker thread, started now so that it loads while the main file is stored.
    if (!zip) reader = startReader(input, importer, src);
    const main = deps.evidence.putFile(src.mainFile);
    if (main.written) written.push(main.sha256);
    const sourceId = sourceIdOf(importer.name, main.sha256);
    const already = (await deps.store.sources.findSource(importer.name, main.sha256)) !== undefined;
    const prestored =
      zip && !already
        ? await storeZipMedia(deps, zip, importer, src, readOptions(input, display, ''), written)
        : undefined;
    if (zip && !already) reader = startReader(input, importer, src);
    return {
      path,
      importer,
      src,
      display,
      displayOf,
      preIssues,
      main,
      sourceId,
      already,
      prestored,
      reader,
      written,
      close,
    };
  } catch (e) {
    close();
    await dropOrphans(deps, written);
    throw e;
  }
}

function startReader(input: ImportInput, importer: Importer, src: DetectedSource): SourceReader {
  const mode = input.readThread ?? 'auto';
  return mode === 'worker' ||
    (mode === 'auto' && availableParallelism() > 1 && statSync(src.mainFile).size >= READ_IN_WORKER_BYTES)
    ? workerReader(importer, src)
    : inlineReader(importer, src);
}

/** Write one source in one transaction (with its audit event and row digest). */
async function importOne(
  deps: ImportDeps,
  run: StageRun,
  prep: Prepared,
  input: ImportInput,
  before = 0,
): Promise<{ source: ImportedSource; issues: ItemIssue[] }> {
  const runId = run.id;
  const { importer, src, main, sourceId, reader } = prep;
  if (!reader) throw new AppError('INTERNAL', `${prep.display}: no reader`);
  const issues: ItemIssue[] = [];
  const files = new Map<string, { sha256: string; size: number }>();
  const chatOpt = input.chatId !== undefined ? { chatId: input.chatId } : {};
  // The writer inserts parents before children; `vigie verify` checks the references (ADR 0009).
  const counts = await deps.store.transaction(
    async (tx) => {
      await run.start(tx);
      const w = await tx.sources.openWriter({
        id: sourceId,
        kind: importer.name,
        sha256: main.sha256,
        label: input.account ?? null,
        originalPath: prep.path,
        options: { tz: input.tz ?? null, account: input.account ?? null, ...chatOpt, ...accountIdOpt(input) },
        toolVersion: VIGIE_VERSION,
        runId,
      });
      // Cancel rolls this source back; progress counts the messages of every source so far.
      const pause = safePoint(input, 'import', `import: ${prep.display}`, () => before + w.counts.messages);
      w.evidence(main.sha256, main.size);
      w.sourceFile(prep.display, main.sha256, main.size);
      for (const i of prep.preIssues) {
        w.issue(i);
        issues.push(i);
      }
      let metadata: SourceMetadata | null = null;
      for (const batch of reader.read(readOptions(input, prep.display, main.sha256.slice(0, 12)))) {
        for (const ev of batch) {
          if (isPackedMessage(ev)) {
            w.message(ev);
            const extras = ev[AT.extras];
            if (extras === 0 || !extras.media) continue;
            const chatId = ev[AT.chat_id];
            const messageId = ev[AT.message_id];
            for (const ref of extras.media) {
              let st = ref.absPath ? files.get(ref.absPath) : undefined;
              if (ref.absPath && !st) {
                const e = prep.prestored?.(ref.absPath) ?? deps.evidence.putFile(ref.absPath);
                if (e.written) prep.written.push(e.sha256);
                await pause();
                st = { sha256: e.sha256, size: e.size };
                files.set(ref.absPath, st);
                w.evidence(st.sha256, st.size);
              }
              w.occurrence(chatId, messageId, ref, st ?? null);
            }
          } else if (ev.type === 'chat') w.chat(ev.chat);
          else if (ev.type === 'issue') {
            w.issue(ev.issue);
            issues.push(ev.issue);
          } else metadata = ev.metadata;
        }
        await w.batchDone();
        await pause(true);
      }
      // Every other file the source was read from (HTML pages 2..n, lists/chats.html) is evidence too.
      for (const f of metadata?.files ?? []) {
        const abs = resolve(src.root, f);
        if (abs === resolve(src.mainFile)) continue;
        const e = deps.evidence.putFile(abs);
        if (e.written) prep.written.push(e.sha256);
        await pause();
        w.evidence(e.sha256, e.size);
        w.sourceFile(prep.displayOf(abs), e.sha256, e.size);
      }
      // Also fills the search index (derived) for the source, in its transaction.
      await w.finish({ ...(metadata ?? {}), file: prep.display, account: input.account ?? null });
      issues.push(...w.found);
      await tx.audit.append({
        user: deps.user,
        command: 'import',
        subject: sourceId,
        details: {
          kind: importer.name,
          sha256: main.sha256,
          path: prep.path,
          account: input.account ?? null,
          tz: input.tz ?? null,
          ...chatOpt,
          ...accountIdOpt(input),
          ...w.counts,
          rowDigest: await tx.integrity.sourceRowDigest(sourceId),
        },
      });
      return { ...w.counts };
    },
    { trustedReferences: true },
  );
  return { source: { ...statusOf(prep, 'imported'), ...counts }, issues };
}

/** `{ accountId }` (normalised `telegram:userN`) when the import names its collecting account's id, else nothing. */
function accountIdOpt(input: ImportInput): { accountId?: string } {
  if (input.accountId === undefined) return {};
  const id = telegramUserId(input.accountId);
  if (id === null)
    throw new AppError(
      'USAGE',
      `--account-id ${input.accountId}: expected a Telegram user id (123, user123 or telegram:user123)`,
    );
  return { accountId: id };
}
