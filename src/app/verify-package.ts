import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import yauzl from 'yauzl';
import { AppError } from '../domain/errors.js';
import { checkBag, type BagVerdict } from '../referral/bag-check.js';

/** The files of a bag folder, by path relative to it (POSIX separators). */
function readFolder(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p).split(/[\\/]/).join('/'), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** The files of a zipped bag (one top folder or none), by path relative to the bag. */
async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((res, rej) =>
    yauzl.open(file, { lazyEntries: true }, (e, z) => (e || !z ? rej(e ?? new Error('no zip')) : res(z))),
  );
  const raw = new Map<string, Buffer>();
  await new Promise<void>((res, rej) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/')) return zip.readEntry();
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
    files = path.toLowerCase().endsWith('.zip') ? await readZip(path) : readFolder(path);
  } catch (e) {
    throw new AppError('PACKAGE_INVALID', `${input.path}: unreadable: ${(e as Error).message}`);
  }
  return { path, ...checkBag(files) };
}
