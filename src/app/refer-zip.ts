import { createWriteStream, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { CaseContext } from './context.js';
import { referActors, type ReferInput, type ReferResult } from './refer-actors.js';

/** A package built for download: what `vigie refer` reports, and its zip in a private temporary folder. */
export interface ReferralZip {
  readonly result: ReferResult;
  /** The zip file (delete `folder` once it is sent). */
  readonly file: string;
  readonly folder: string;
  /** `<package id>.zip`. */
  readonly fileName: string;
  readonly size: number;
}

/** Every file under `dir`, relative with POSIX separators, in byte order of the path. */
function filesOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(/[\\/]/).join('/'));
    }
  };
  walk(dir);
  return out.sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : a === b ? 0 : 1));
}

/**
 * Build a referral package with the use case of `vigie refer` (same refusals, signature and audit event) into a
 * private temporary folder, and zip it: one top folder named after the package, entries in path order, DOS
 * time 1980-01-01 00:00 and mode 0644 on every entry, so the same bag always gives the same zip.
 */
export async function buildReferralZip(
  deps: Pick<CaseContext, 'store' | 'info' | 'evidence' | 'user'>,
  input: Omit<ReferInput, 'out'>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReferralZip> {
  const folder = mkdtempSync(join(tmpdir(), 'vigie-referral-'));
  try {
    const bag = join(folder, 'bag');
    const result = await referActors(deps, { ...input, out: bag }, env);
    const fileName = `${result.packageId}.zip`;
    const file = join(folder, fileName);
    const zip = new yazl.ZipFile();
    const mtime = new Date(1980, 0, 1, 0, 0, 0);
    for (const p of filesOf(bag))
      zip.addFile(join(bag, ...p.split('/')), `${result.packageId}/${p}`, {
        mtime,
        mode: 0o100644,
        compress: true,
        forceDosTimestamp: true,
      });
    zip.end();
    await pipeline(zip.outputStream, createWriteStream(file, { mode: 0o600 }));
    rmSync(bag, { recursive: true, force: true });
    return { result, file, folder, fileName, size: statSync(file).size };
  } catch (e) {
    rmSync(folder, { recursive: true, force: true });
    throw e;
  }
}
