import { basename } from 'node:path';
import type { CaseContext } from './context.js';
import type { DetectedSource, Importer, ReadOptions } from '../pipeline/import/model.js';
import { ZipSource, type ZipLimits } from '../pipeline/import/zip.js';
import { liveHolders } from '../store/case-lock.js';
import type { StoredEvidence } from '../store/evidence.js';

/** Evidence stored for one source before its transaction: zip entries read straight from the archive. */
export type Prestored = (absPath: string) => StoredEvidence | undefined;

/** Lay a zip export out under the evidence store's `.tmp` (on the case's disk): main files only, placeholders else. */
export async function openZipExport(
  deps: Pick<CaseContext, 'evidence'>,
  zipPath: string,
  limits: ZipLimits,
): Promise<ZipSource> {
  return ZipSource.open(zipPath, deps.evidence.tmpFolder('zip'), limits);
}

/**
 * Copy the archive entries that messages reference into the evidence store, straight from the archive (never to a
 * temporary file outside the store); entries nothing references are never expanded. A first read of the main file
 * finds them; an already-imported source copies nothing. `written` collects the hashes this call wrote.
 */
export async function storeZipMedia(
  deps: Pick<CaseContext, 'store' | 'evidence'>,
  zip: ZipSource,
  importer: Importer,
  src: DetectedSource,
  opts: ReadOptions,
  written: string[],
): Promise<Prestored> {
  const byName = new Map<string, StoredEvidence>();
  const lookup: Prestored = (abs) => {
    const name = zip.lazyEntry(abs);
    return name === null ? undefined : byName.get(name);
  };
  const main = deps.evidence.putFile(src.mainFile);
  if (main.written) written.push(main.sha256);
  if (await deps.store.sources.findSource(importer.name, main.sha256)) return lookup;
  const names = new Set<string>();
  for (const ev of importer.read(src, opts)) {
    if (ev.type !== 'message') continue;
    for (const ref of ev.message.media) {
      const name = ref.absPath ? zip.lazyEntry(ref.absPath) : null;
      if (name !== null) names.add(name);
    }
  }
  for (const name of [...names].sort()) {
    const e = await deps.evidence.putStream(`${basename(zip.zipPath)}!/${name}`, zip.read(name));
    if (e.written) written.push(e.sha256);
    byName.set(name, e);
  }
  return lookup;
}

/**
 * After a source failed (rolled back): remove the evidence files it wrote that no record references, unless another
 * live process holds the case (it may be storing the same bytes). Returns how many were removed.
 */
export async function dropOrphans(
  deps: Pick<CaseContext, 'store' | 'evidence' | 'paths'>,
  written: readonly string[],
): Promise<number> {
  if (written.length === 0 || liveHolders(deps.paths.dir).length > 1) return 0;
  let n = 0;
  for (const sha of written) {
    if (await deps.store.sources.isRecordedEvidence(sha).catch(() => true)) continue;
    try {
      deps.evidence.remove(sha);
      n++;
    } catch {
      // a read-only or failing disk: `vigie gc` removes it later
    }
  }
  return n;
}
