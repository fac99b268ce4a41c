import { readFileSync, readdirSync, lstatSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import yauzl from 'yauzl';
import { AppError } from '../domain/errors.js';
import { checkBag, type BagVerdict } from '../referral/bag-check.js';

/** What a package may hold in all, read into memory to be checked: $VIGIE_PACKAGE_MAX_BYTES, else 2 GiB. */
export function packageMaxBytes(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env['VIGIE_PACKAGE_MAX_BYTES'] ?? NaN);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : 2 ** 31;
}

/** Refuse a package over the size that is read into memory, naming what it holds and the limit. */
function checkTotal(where: string, total: number): void {
  const max = packageMaxBytes();
  if (total > max)
    throw new AppError(
      'PACKAGE_INVALID',
      `${where}: holds at least ${total} bytes, over the ${max} a package is checked in (set $VIGIE_PACKAGE_MAX_BYTES)`,
    );
}

/** The files of a bag folder, by path relative to it (POSIX separators); links and special files are refused. */
function readFolder(dir: string, shown: string): Map<string, Buffer> {
  const found: [string, string][] = [];
  let total = 0;
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      const rel = relative(dir, p).split(/[\\/]/).join('/');
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        found.push([rel, p]);
        total += st.size;
      } else
        throw new AppError(
          'PACKAGE_INVALID',
          `${shown}: ${rel}: ${st.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}; a package holds regular files only`,
        );
    }
  };
  walk(dir);
  checkTotal(shown, total);
  return new Map(found.map(([rel, p]) => [rel, readFileSync(p)]));
}

/** The files of a zipped bag (one top folder or none), by path relative to the bag. */
async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((res, rej) =>
    yauzl.open(file, { lazyEntries: true }, (e, z) => (e || !z ? rej(e ?? new Error('no zip')) : res(z))),
  );
  const raw = new Map<string, Buffer>();
  let total = 0;
  await new Promise<void>((res, rej) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      // Sizes are declared before anything is expanded (yauzl checks each entry against its declaration).
      total += entry.uncompressedSize;
      try {
        checkTotal(file, total);
      } catch (e) {
        zip.close();
        return rej(e);
      }
      zip.openReadStream(entry, (e, s) => {
        if (e || !s) return rej(e ?? new Error('no stream'));
        const parts: Buffer[] = [];
        s.on('data', (c: Buffer) => parts.push(c));
        s.on('end', () => {
          raw.set(entry.fileName, Buffer.concat(parts));
          zip.readEntry();
        });
        s.on('error', rej);
      });
    });
    zip.on('end', () => res());
    zip.on('error', rej);
    zip.readEntry();
  });
  const top = [...raw.keys()].find((p) => p.endsWith('bagit.txt') && p.split('/').length <= 2);
  const prefix = top ? top.slice(0, -'bagit.txt'.length) : '';
  return new Map([...raw].filter(([p]) => p.startsWith(prefix)).map(([p, b]) => [p.slice(prefix.length), b]));
}

/** True when PATH looks like a package: a folder with bagit.txt, or a .zip. */
export function isPackagePath(path: string): boolean {
  return path.toLowerCase().endsWith('.zip') || existsSync(join(path, 'bagit.txt'));
}

/** `vigie verify PACKAGE`: signature, tag manifests, payload files, Payload-Oxum, no extra file, case.jsonld parses. */
export async function verifyPackage(input: { path: string }): Promise<BagVerdict & { path: string }> {
  const path = resolve(input.path);
  if (!existsSync(path)) throw new AppError('FILE_NOT_FOUND', `${input.path}: no such package`);
  let files: Map<string, Buffer>;
  try {
    files = path.toLowerCase().endsWith('.zip') ? await readZip(path) : readFolder(path, input.path);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('PACKAGE_INVALID', `${input.path}: unreadable: ${(e as Error).message}`);
  }
  return { path, ...checkBag(files) };
}
