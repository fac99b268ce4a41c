import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { openCase, type CaseContext } from './context.js';
import { initCase } from './init-case.js';
import { importSources } from './import-sources.js';
import { linkHtmlChat } from './link-html-chat.js';
import { labelSource } from './label-source.js';
import { addReturns } from './add-returns.js';
import { addHashList } from './add-hashlist.js';
import { removeHashListUseCase } from './remove-hashlist.js';
import { hashMedia } from './hash-media.js';
import { matchMedia } from './match-media.js';
import { analyseCase } from './analyse-case.js';
import { attributeActors } from './attribute-actors.js';
import { scoreTargets } from './score-targets.js';
import type { AuditEvent } from '../store/audit.js';
import { dropPostgresSchema } from '../store/postgres/open.js';
import type { PdqConvention } from '../signals/pdq/index.js';
import { writeStoredZip } from '../pipeline/import/zip-store.js';

/** Input of replayCase. */
export interface ReplayCaseInput {
  /** Also recompute derived tables (hash, match, analyse, attribution, triage) as the audit trail ran them. */
  readonly derived: boolean;
  /** Stop after the audit event with this seq (default: the whole trail). */
  readonly until?: number;
}

/** A scratch case rebuilt from the evidence store; `dispose` closes and deletes it. */
export interface ReplayedCase {
  readonly ctx: CaseContext;
  /** Audit events that could not be replayed, with why (e.g. a lexicon file no longer present). */
  readonly skipped: { seq: number; command: string; why: string }[];
  dispose(): Promise<void>;
}

type Deps = Pick<CaseContext, 'store' | 'evidence' | 'info'>;
const obj = (s: string): Record<string, unknown> => JSON.parse(s) as Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Replay the audit trail into a scratch case: every import re-reads its source's files from the evidence store
 * with the same importer and options, every link, return and hash-list change is applied again, and (with
 * `derived`) hashing, matching, analysis, attribution and triage are recomputed with the recorded settings.
 */
export async function replayCase(deps: Deps, input: ReplayCaseInput): Promise<ReplayedCase> {
  const root = mkdtempSync(join(tmpdir(), 'vigie-replay-'));
  const dir = join(root, 'case');
  // The scratch case lives on the same kind of database as the case (a scratch schema on its server).
  const made = await initCase({
    dir,
    name: deps.info.name,
    anchor: false,
    ...(deps.info.home ? { home: deps.info.home } : {}),
    ...(deps.info.database ? { database: deps.info.database.url } : {}),
  });
  const scratchDb = made.info.database;
  const drop = async (): Promise<void> => {
    if (scratchDb) await dropPostgresSchema(scratchDb);
    rmSync(root, { recursive: true, force: true });
  };
  let ctx: CaseContext;
  try {
    ctx = await openCase(dir, { anchor: false });
  } catch (e) {
    await drop();
    throw e;
  }
  const skipped: ReplayedCase['skipped'] = [];
  const dispose = async (): Promise<void> => {
    try {
      await ctx.close();
    } finally {
      await drop();
    }
  };
  try {
    let n = 0;
    for (const e of await deps.store.audit.list()) {
      if (input.until !== undefined && e.seq > input.until) break;
      const why = await replayEvent(deps, ctx, e, join(root, `in-${++n}`), input.derived);
      if (why) skipped.push({ seq: e.seq, command: e.command, why });
    }
  } catch (err) {
    await dispose();
    throw err;
  }
  return { ctx, skipped, dispose };
}

/** Copy a stored file out of the evidence store to `dest`. */
function extract(deps: Deps, sha256: string, dest: string): void {
  mkdirSync(dirname(dest), { recursive: true });
  copyFileSync(deps.evidence.pathOf(sha256), dest);
}

/**
 * The export as it was read: every file of the source at its path in the export. A source read from a zip (paths
 * `name.zip!/…`) is zipped again under the same name, so that its paths come out as they were.
 */
function rebuildExport(deps: Deps, files: readonly { path: string; sha256: string }[], work: string): string {
  const zip = /^(.*?\.zip)!\//i.exec(files.find((f) => f.path.includes('!/'))?.path ?? '')?.[1];
  const tree = zip ? join(work, 'tree') : work;
  // Inside a zip, the source's own files are named from the zip's root, its media from the export's folder.
  const main = files.find((f) => f.path.includes('!/'))?.path.replace(/^.*?!\//, '') ?? '';
  const root = dirname(main) === '.' ? '' : dirname(main);
  const entries = files.map((f) => ({
    name: f.path.includes('!/') ? f.path.replace(/^.*?!\//, '') : zip ? join(root, f.path) : f.path,
    file: '',
  }));
  files.forEach((f, i) => {
    const file = join(tree, entries[i]!.name);
    extract(deps, f.sha256, file);
    entries[i] = { name: entries[i]!.name, file };
  });
  if (!zip) return work;
  const dest = join(work, basename(zip));
  writeStoredZip(dest, entries);
  return dest;
}

async function replayEvent(
  deps: Deps,
  ctx: CaseContext,
  e: AuditEvent,
  work: string,
  derived: boolean,
): Promise<string | null> {
  const d = obj(e.details);
  switch (e.command) {
    case 'import': {
      const src = await deps.store.integrity.sourceForReplay(e.subject);
      if (!src) return `source ${e.subject} is no longer in the case`;
      const o = obj(src.options);
      await importSources(ctx, {
        paths: [rebuildExport(deps, src.files, work)],
        ...(str(o['account']) ? { account: str(o['account']) } : {}),
        ...(str(o['tz']) ? { tz: str(o['tz']) } : {}),
        ...(str(o['chatId']) ? { chatId: str(o['chatId']) } : {}),
        ...(str(o['accountId']) ? { accountId: str(o['accountId']) } : {}),
        readThread: 'inline',
      });
      return null;
    }
    case 'link':
      await linkHtmlChat(ctx, { htmlChatId: e.subject, chatId: String(d['to']) });
      return null;
    case 'source label':
      await labelSource(ctx, { source: e.subject, label: String(d['to']) });
      return null;
    case 'returns add': {
      const src = await deps.store.integrity.sourceForReplay(e.subject);
      if (!src) return `source ${e.subject} is no longer in the case`;
      const file = join(work, String(d['file']));
      extract(deps, String(d['sha256']), file);
      const map = str(obj(src.options)['map']);
      await addReturns(ctx, { file, ...(map ? { map } : {}), ...(src.label ? { label: src.label } : {}) });
      return null;
    }
    case 'hashlist add': {
      if (d['status'] === 'unchanged') return null;
      const file = join(work, String(d['file']));
      extract(deps, String(d['sha256']), file);
      const role = d['role'] === 'ignore' ? 'ignore' : 'alert';
      await addHashList(ctx, { file, name: e.subject, format: String(d['format']), role });
      return null;
    }
    case 'hashlist remove':
      await removeHashListUseCase(ctx, { name: e.subject });
      return null;
    default:
      return derived ? replayDerived(deps, ctx, e, d, work) : null;
  }
}

async function replayDerived(
  deps: Deps,
  ctx: CaseContext,
  e: AuditEvent,
  d: Record<string, unknown>,
  work: string,
): Promise<string | null> {
  switch (e.command) {
    case 'hash':
      await hashMedia(ctx, {
        convention: (str(d['convention']) ?? 'full') as PdqConvention,
        thumbnails: false,
      });
      return null;
    case 'match':
      await matchMedia(ctx, {
        maxDistance: typeof d['maxDistance'] === 'number' ? d['maxDistance'] : 31,
        dihedral: d['dihedral'] === true,
      });
      return null;
    case 'analyse': {
      const o = (d['options'] ?? {}) as Record<string, unknown>;
      if (o['lexicon']) return 'ran with a lexicon file, which is not in the evidence store';
      const t = o['pdqThreshold'];
      await analyseCase(ctx, typeof t === 'number' ? { pdqThreshold: t } : {});
      return null;
    }
    case 'attribute':
      await attributeActors(ctx);
      return null;
    case 'score': {
      // The policy is stored with the scores; only the latest run's is known.
      const policy = await deps.store.integrity.storedPolicy();
      const file = join(work, 'policy.json');
      if (policy) {
        mkdirSync(work, { recursive: true });
        writeFileSync(file, policy);
      }
      await scoreTargets(ctx, policy ? { policyFile: file } : {});
      return null;
    }
    default:
      return null;
  }
}
