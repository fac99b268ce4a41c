import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AppError } from '../../domain/errors.js';

/** How deep under the intake directory exports are looked for (`UC-A/ChatExport_2026-11-10` is depth 2). */
const MAX_DEPTH = 3;

/** Files whose presence makes a folder an export (Telegram Desktop: JSON or HTML). */
const MAIN_FILES = ['result.json', 'messages.html'];

/** True when `child` is `parent` or inside it (both absolute, resolved). */
function inside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The absolute path of `folder`, a name relative to the intake directory; refuses (IMPORT_UNSAFE_PATH) an absolute
 * name, `..`, or anything that leads outside the intake directory, symbolic links included.
 */
export function intakePath(intakeDir: string, folder: string): string {
  const root = resolve(intakeDir);
  const parts = folder.split(/[\\/]/);
  if (isAbsolute(folder) || parts.some((p) => p === '..') || folder.includes('\0'))
    throw new AppError(
      'IMPORT_UNSAFE_PATH',
      `folder '${folder}': must be a name relative to the intake directory, without '..'`,
    );
  const abs = resolve(root, folder);
  if (!inside(root, abs) || abs === root)
    throw new AppError('IMPORT_UNSAFE_PATH', `folder '${folder}': outside the intake directory`);
  if (!existsSync(abs))
    throw new AppError('FILE_NOT_FOUND', `folder '${folder}': no such folder in the intake directory`);
  if (!inside(realpathSync(root), realpathSync(abs)))
    throw new AppError(
      'IMPORT_UNSAFE_PATH',
      `folder '${folder}': a symbolic link leads outside the intake directory`,
    );
  return abs;
}

/** The exports of the intake directory (folders holding result.json or messages.html, and .zip files), sorted. */
export function listIntake(intakeDir: string): string[] {
  const root = resolve(intakeDir);
  if (!existsSync(root)) return [];
  const realRoot = realpathSync(root);
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return; // unreadable: not offered
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const abs = join(dir, name);
      let real: string;
      try {
        real = realpathSync(abs);
      } catch {
        continue; // a dangling link
      }
      if (!inside(realRoot, real)) continue; // a symbolic link out of the intake directory
      const st = statSync(real);
      const rel = relative(root, abs).split(sep).join('/');
      if (st.isFile() && name.toLowerCase().endsWith('.zip')) out.push(rel);
      else if (st.isDirectory()) {
        if (MAIN_FILES.some((f) => existsSync(join(real, f)))) out.push(rel);
        else if (depth < MAX_DEPTH) walk(abs, depth + 1);
      }
    }
  };
  walk(root, 1);
  return out;
}
