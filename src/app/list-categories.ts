import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import {
  CATEGORIES_FILE,
  CategorySchemeSchema,
  DEFAULT_CATEGORY_SCHEME,
  type CategoryScheme,
} from '../domain/categories.js';

/** Read and check one scheme file; USAGE naming the file and the field when it is not a valid scheme. */
export function readSchemeFile(file: string): CategoryScheme {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new AppError('USAGE', `${file}: cannot read the category scheme: ${why}`);
  }
  const r = CategorySchemeSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new AppError('USAGE', `${file}: ${i?.path.join('.') || 'scheme'}: ${i?.message ?? 'invalid'}`);
  }
  return r.data;
}

/**
 * The category scheme of a case: the case folder's `categories.json` when there is one, else the server's
 * `--categories FILE` when given, else the default (Project VIC – US).
 */
export function listCategories(
  deps: Pick<CaseContext, 'paths'>,
  input: { serverFile?: string } = {},
): Promise<CategoryScheme> {
  const own = join(deps.paths.dir, CATEGORIES_FILE);
  if (existsSync(own)) return Promise.resolve(readSchemeFile(own));
  if (input.serverFile) return Promise.resolve(readSchemeFile(input.serverFile));
  return Promise.resolve(DEFAULT_CATEGORY_SCHEME);
}
