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
import { withSeverity } from '../pipeline/import/severity.js';
import { inlineReader, workerReader, type SourceReader } from '../pipeline/import/read-packed.js';
import { appendAudit } from '../store/audit.js';
import { recordEvidence } from '../store/evidence-index.js';
import { findSource, ImportWriter, sourceIdOf, type WriteCounts } from '../store/import-writer.js';
import { finishRun, startRun } from '../store/runs.js';
import { withoutForeignKeyChecks } from '../store/integrity.js';
import { sourceRowDigest } from '../store/row-digest.js';

/** Input of importSources. */
export interface ImportInput {
  readonly paths: readonly string[];
  /** Label of the collecting (undercover) account, stored on the source. */
  readonly account?: string;
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

/** Test-only crash hook: VIGIE_TEST_KILL_AFTER=<n> SIGKILLs the process after n evidence files were stored. */
let stored = 0;
function afterEvidenceWrite(): void {
  const n = Number(process.env['VIGIE_TEST_KILL_AFTER'] ?? 'NaN');
  if (Number.isInteger(n) && ++stored >= n) process.kill(process.pid, 'SIGKILL');
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

/** Import exports (folders, result.json files, zips): one transaction per source; already-imported sources are no-ops. */
export async function importSources(
  deps: Pick<CaseContext, 'db' | 'evidence' | 'user' | 'paths'>,
  input: ImportInput,
): Promise<ImportResult> {
  if (input.tz) parseZone(input.tz);
  const result: { sources: ImportedSource[]; issues: ItemIssue[] } = { sources: [], issues: [] };
  let runId: string | null = null;
  try {
    for (const p of input.paths) {
      const path = resolve(p);
      if (!existsSync(path)) throw new AppError('FILE_NOT_FOUND', `${p}: no such file or folder`);
      let zip: ZipSource | null = null;
      const written: string[] = [];
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
        const root = zip?.root;
        const displayOf = (abs: string): string =>
          root ? `${basename(path)}!/${relative(root, abs)}` : relative(found.source.root, abs);
        const display = root
          ? displayOf(found.source.mainFile)
          : relative(found.source.root, found.source.mainFile) || basename(found.source.mainFile);
        const prestored = zip
          ? await storeZipMedia(
              deps,
              zip,
              found.importer,
              found.source,
              readOptions(input, display, ''),
              written,
            )
          : undefined;
        const r = importOne(
          deps,
          found.importer,
          found.source,
          { ...input, path, display, preIssues, displayOf, prestored, written },
          () => {
            runId ??= startRun(deps.db.raw, 'import', {
              account: input.account ?? null,
              tz: input.tz ?? null,
            });
            return runId;
          },
        );
        result.sources.push(r.source);
        result.issues.push(...r.issues.map(withSeverity));
      } catch (e) {
        dropOrphans(deps, written);
        throw e;
      } finally {
        zip?.close();
        if (zip) rmSync(zip.root, { recursive: true, force: true });
      }
    }
  } catch (e) {
    try {
      if (runId) closeRun(deps, runId, 'failed', result);
    } catch {
      // A full or busy disk also refuses this update: the run stays 'running' and the next command marks it
      // 'interrupted'; the error reported is the first one.
    }
    throw e;
  }
  if (runId) closeRun(deps, runId, null, result);
  const errors = result.issues.filter((i) => i.severity === 'error').length;
  return { ...result, runId, errors, warnings: result.issues.length - errors };
}

function closeRun(
  deps: Pick<CaseContext, 'db'>,
  runId: string,
  failed: 'failed' | null,
  result: { sources: ImportedSource[]; issues: ItemIssue[] },
): void {
  const imported = result.sources.filter((s) => s.status === 'imported').length;
  const errors = result.issues.filter((i) => i.severity === 'error').length;
  const status = failed ?? (errors ? 'issues' : 'ok');
  finishRun(deps.db.raw, runId, status, { imported, issues: result.issues.length, errors });
}

/** Options of one source's import. */
type ImportOptions = ImportInput & {
  path: string;
  display: string;
  preIssues: ItemIssue[];
  displayOf: (abs: string) => string;
  /** Zip entries already copied into the evidence store, by the path the importer resolved. */
  prestored: Prestored | undefined;
  /** Hashes of evidence files this source wrote (removed again if it fails). */
  written: string[];
};

/** The read options of one source. */
function readOptions(input: ImportInput, display: string, sourceTag: string): ReadOptions {
  return {
    tz: input.tz,
    displayName: display,
    sourceTag,
    ...(input.chatId !== undefined ? { chatId: input.chatId } : {}),
  };
}

function importOne(
  deps: Pick<CaseContext, 'db' | 'evidence' | 'user'>,
  importer: Importer,
  src: DetectedSource,
  opt: ImportOptions,
  run: () => string,
): { source: ImportedSource; issues: ItemIssue[] } {
  // A large source is read on a worker thread, started now so that it loads while the main file is stored.
  const mode = opt.readThread ?? 'auto';
  const reader =
    mode === 'worker' ||
    (mode === 'auto' && availableParallelism() > 1 && statSync(src.mainFile).size >= READ_IN_WORKER_BYTES)
      ? workerReader(importer, src)
      : inlineReader(importer, src);
  try {
    return importRead(deps, importer, src, opt, run, reader);
  } finally {
    reader.close();
  }
}

function importRead(
  deps: Pick<CaseContext, 'db' | 'evidence' | 'user'>,
  importer: Importer,
  src: DetectedSource,
  opt: ImportOptions,
  run: () => string,
  reader: SourceReader,
): { source: ImportedSource; issues: ItemIssue[] } {
  const raw = deps.db.raw;
  const main = deps.evidence.putFile(src.mainFile);
  if (main.written) opt.written.push(main.sha256);
  afterEvidenceWrite();
  const sourceId = sourceIdOf(importer.name, main.sha256);
  const base = { path: opt.path, kind: importer.name, sourceId, sha256: main.sha256 };
  if (findSource(raw, importer.name, main.sha256))
    return { source: { ...base, status: 'already-imported' }, issues: [] };
  const issues: ItemIssue[] = [];
  const files = new Map<string, { sha256: string; size: number }>();
  // The writer inserts parents before children; `vigie verify` checks the references (ADR 0009).
  const counts = withoutForeignKeyChecks(
    raw,
    raw.transaction(() => {
      const runId = run();
      const w = new ImportWriter(raw, {
        id: sourceId,
        kind: importer.name,
        sha256: main.sha256,
        label: opt.account ?? null,
        originalPath: opt.path,
        options: {
          tz: opt.tz ?? null,
          account: opt.account ?? null,
          ...(opt.chatId !== undefined ? { chatId: opt.chatId } : {}),
        },
        toolVersion: VIGIE_VERSION,
        runId,
      });
      recordEvidence(raw, main.sha256, main.size);
      w.sourceFile(opt.display, main.sha256, main.size);
      for (const i of opt.preIssues) {
        w.issue(i);
        issues.push(i);
      }
      let metadata: SourceMetadata | null = null;
      const batches = reader.read(readOptions(opt, opt.display, main.sha256.slice(0, 12)));
      for (const batch of batches)
        for (const ev of batch) {
          if (Array.isArray(ev)) {
            w.message(ev);
            const extras = ev[25];
            if (extras === 0 || !extras.media) continue;
            const [chatId, messageId] = ev;
            for (const ref of extras.media) {
              let st = ref.absPath ? files.get(ref.absPath) : undefined;
              if (ref.absPath && !st) {
                const e = opt.prestored?.(ref.absPath) ?? deps.evidence.putFile(ref.absPath);
                if (e.written) opt.written.push(e.sha256);
                st = { sha256: e.sha256, size: e.size };
                files.set(ref.absPath, st);
                recordEvidence(raw, st.sha256, st.size);
                afterEvidenceWrite();
              }
              w.occurrence(chatId, messageId, ref, st ?? null);
            }
          } else if (ev.type === 'chat') w.chat(ev.chat);
          else if (ev.type === 'issue') {
            w.issue(ev.issue);
            issues.push(ev.issue);
          } else metadata = ev.metadata;
        }
      issues.push(...w.found);
      // Every other file the source was read from (HTML pages 2..n, lists/chats.html) is evidence too.
      for (const f of metadata?.files ?? []) {
        const abs = resolve(src.root, f);
        if (abs === resolve(src.mainFile)) continue;
        const e = deps.evidence.putFile(abs);
        if (e.written) opt.written.push(e.sha256);
        recordEvidence(raw, e.sha256, e.size);
        w.sourceFile(opt.displayOf(abs), e.sha256, e.size);
        afterEvidenceWrite();
      }
      w.finish({ ...(metadata ?? {}), file: opt.display, account: opt.account ?? null });
      appendAudit(raw, {
        user: deps.user,
        command: 'import',
        subject: sourceId,
        details: {
          kind: importer.name,
          sha256: main.sha256,
          path: opt.path,
          account: opt.account ?? null,
          tz: opt.tz ?? null,
          ...(opt.chatId !== undefined ? { chatId: opt.chatId } : {}),
          ...w.counts,
          rowDigest: sourceRowDigest(raw, sourceId),
        },
      });
      return { ...w.counts };
    }),
  );
  return { source: { ...base, status: 'imported', ...counts }, issues };
}
