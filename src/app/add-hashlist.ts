import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import { VIGIE_VERSION } from '../domain/version.js';
import { canonicalJson } from '../domain/canonical.js';
import {
  detectHashListFormat,
  hashListFormat,
  type HashListFormat,
  type HashListMeta,
} from '../formats/hashlists/registry.js';
import type { HashListEntry } from '../domain/hashlist-entry.js';
import { matchListPdq } from './match-media.js';
import { runStage } from './run-stage.js';

/** Input of addHashList. */
export interface AddHashListInput {
  readonly file: string;
  readonly name: string;
  readonly format?: string;
  readonly role?: 'alert' | 'ignore';
  /** Signal type of bare 64-hex values (text lists): `sha256` or `pdq`. */
  readonly signalType?: string;
  /** Allow replacing a list by a version with far fewer entries (see SHRINK_RATIO). */
  readonly replace?: boolean;
}

/** A new version with fewer than this share of the current entries needs `replace` (`--replace`). */
export const SHRINK_RATIO = 0.5;

/** What adding a list did. */
export interface AddHashListResult {
  readonly name: string;
  readonly status: 'added' | 'replaced' | 'unchanged';
  readonly version: number;
  readonly format: string;
  readonly role: string;
  readonly sha256: string;
  readonly sourceId: string;
  readonly entries: number;
  readonly byType: Record<string, number>;
  readonly matches: { exact: number; pdq: number };
  readonly meta: HashListMeta;
}

const BATCH = 5000;

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

function head(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** Import a hash-list file as list NAME: stream, store entries, keep the file as evidence, match existing media. */
export async function addHashList(
  deps: Pick<CaseContext, 'store' | 'evidence' | 'user'>,
  input: AddHashListInput,
): Promise<AddHashListResult> {
  const role = input.role ?? 'alert';
  if (!/^[\p{L}\p{N}][\p{L}\p{N}._-]{0,99}$/u.test(input.name)) {
    throw new AppError('USAGE', `--name '${input.name}': use letters, digits, '.', '_' or '-' (at most 100)`);
  }
  if (role !== 'alert' && role !== 'ignore')
    throw new AppError('USAGE', `--role ${String(role)}: expected alert or ignore`);
  if (input.signalType !== undefined && !['sha256', 'pdq', 'md5', 'sha1'].includes(input.signalType)) {
    throw new AppError('USAGE', `--signal-type ${input.signalType}: expected sha256, pdq, md5 or sha1`);
  }
  try {
    if (!statSync(input.file).isFile()) throw new Error('not a file');
  } catch {
    throw new AppError('FILE_NOT_FOUND', `${input.file}: no such file`);
  }
  const sha256 = await sha256File(input.file);
  const fileName = basename(input.file);
  const existing = await deps.store.hashlists.get(input.name);
  const current = (await deps.store.hashlists.versions(input.name)).find((v) => v.status === 'current');
  const format = input.format
    ? hashListFormat(input.format)
    : detectHashListFormat(head(input.file), fileName);
  if (existing && current?.sha256 === sha256) {
    return {
      name: input.name,
      status: 'unchanged',
      version: existing.version,
      format: existing.format,
      role: existing.role,
      sha256,
      sourceId: existing.source_id,
      entries: existing.entries,
      byType: {},
      matches: { exact: 0, pdq: 0 },
      meta: {},
    };
  }
  const options = { name: input.name, format: format.name, role, file: fileName };
  // One transaction around the stage: a refused file changes nothing, not even a failed run (runStage joins it).
  return deps.store.transaction(() => addInStage(deps, input, { options, sha256, fileName, format, role }));
}

/** The `hashlist` stage: read the file, store its entries, keep it as evidence, match; one run and audit event. */
function addInStage(
  deps: Pick<CaseContext, 'store' | 'evidence' | 'user'>,
  input: AddHashListInput,
  a: {
    options: Record<string, unknown>;
    sha256: string;
    fileName: string;
    format: HashListFormat;
    role: 'alert' | 'ignore';
  },
): Promise<AddHashListResult> {
  const { sha256, fileName, format, role } = a;
  return runStage(deps, 'hashlist', a.options, async (run) => {
    // Filled by `write`, which reads the file and stores everything in the transaction that ends the run.
    const stats: Record<string, unknown> = {};
    const details: Record<string, unknown> = {};
    const result = { name: input.name, format: format.name, role, sha256 } as AddHashListResult;
    return {
      result,
      stats,
      audit: { command: 'hashlist add', subject: input.name, details },
      write: async (tx) => {
        const existing = await tx.hashlists.get(input.name);
        const version = await tx.hashlists.nextVersion(input.name);
        if (existing) await tx.hashlists.deleteEntries(input.name);
        const meta: HashListMeta = {};
        const byType: Record<string, number> = {};
        let entries = 0;
        let categorised = 0;
        let batch: HashListEntry[] = [];
        const chunks = createReadStream(input.file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
        // Entries come in the parser's batches: one promise per batch, none per entry.
        const parsed = format.parseBatches(chunks, {
          fileName,
          meta,
          ...(input.signalType ? { signalType: input.signalType } : {}),
        });
        for await (const es of parsed)
          for (const e of es) {
            batch.push(e);
            byType[e.signalType] = (byType[e.signalType] ?? 0) + 1;
            if (e.category !== null) categorised++;
            if (batch.length === BATCH) {
              entries += await tx.hashlists.insertEntries(input.name, version, batch);
              batch = [];
            }
          }
        entries += await tx.hashlists.insertEntries(input.name, version, batch);
        const deleted = Array.isArray(meta['deletedIds']) ? (meta['deletedIds'] as string[]) : [];
        if (deleted.length) entries -= await tx.hashlists.dropDeleted(input.name, deleted);
        checkCounts(fileName, input, existing?.entries, entries);
        if (format.name === 'vics' && role === 'ignore' && categorised > 0) {
          throw new AppError(
            'USAGE',
            `${fileName}: a categorised VICS hash set cannot be added with --role ignore (${categorised} categorised entries)`,
          );
        }
        const stored = deps.evidence.putFile(input.file);
        if (stored.sha256 !== sha256)
          throw new AppError('HASHLIST_INVALID', `${fileName}: the file changed while it was read`);
        await tx.sources.recordEvidence(stored.sha256, stored.size);
        const sourceId = (await tx.hashlists.sourceIdOf(sha256)) ?? `hashlist-${sha256.slice(0, 16)}`;
        await tx.hashlists.recordSource({
          id: sourceId,
          sha256,
          label: input.name,
          originalPath: input.file,
          toolVersion: VIGIE_VERSION,
          metadata: canonicalJson({ format: format.name, ...meta }),
        });
        await tx.hashlists.setCurrent({
          name: input.name,
          version,
          source_id: sourceId,
          sha256,
          format: format.name,
          role,
          entries,
          added_at: new Date().toISOString(),
          added_by: deps.user,
          metadata: canonicalJson(meta),
        });
        const exact = await tx.hashlists.insertExactMatches(run.id, input.name);
        const pdq = await matchListPdq(tx, run.id, input.name, 31);
        const status = existing ? 'replaced' : 'added';
        Object.assign(stats, { entries, byType, exactMatches: exact, pdqMatches: pdq });
        Object.assign(details, {
          status,
          version,
          format: format.name,
          role,
          sha256,
          sourceId,
          file: fileName,
          ...stats,
          rowDigest: await tx.integrity.hashListRowDigest(input.name, version),
        });
        Object.assign(result, { status, version, sourceId, entries, byType, matches: { exact, pdq }, meta });
      },
    };
  });
}

/** Refuse an empty list, and a replacement with far fewer entries unless `replace` is set (counts stated). */
function checkCounts(
  fileName: string,
  input: AddHashListInput,
  current: number | undefined,
  entries: number,
): void {
  if (entries === 0)
    throw new AppError('HASHLIST_INVALID', `${fileName}: no usable entry: an empty hash list is refused`);
  if (current !== undefined && entries < current * SHRINK_RATIO && input.replace !== true) {
    throw new AppError(
      'HASHLIST_SHRINK',
      `${fileName}: list '${input.name}' has ${current} entries and this file ${entries} (fewer than ${SHRINK_RATIO * 100} %): nothing was changed; pass --replace to replace it anyway`,
      { current, entries },
    );
  }
}
