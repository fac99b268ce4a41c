/** Triage calls of the workbench (categories, decisions, reveals): the paths live here only. */
import { api, casePath } from './api.js';
import type { z } from 'zod';
import type { CategoryScheme } from '../../src/contracts/index.js';
import type { Category } from './types.js';

/** The category scheme of a case; keys: a scheme of single digits uses its digits, any other the first nine 1–9. */
export async function loadCategories(caseName: string): Promise<Category[]> {
  const b = await api<z.infer<typeof CategoryScheme>>(casePath(caseName, '/categories'));
  const digits = b.categories.every((c) => /^[0-9]$/.test(c.code));
  return b.categories.map((c, i) => ({
    id: c.code,
    label: c.label,
    description: c.description,
    key: digits ? Number(c.code) : i + 1,
  }));
}

/** Set (or clear, category null) the human category of media files. */
export async function setCategory(
  caseName: string,
  sha256s: string[],
  category: string | null,
): Promise<void> {
  if (sha256s.length === 1)
    await api(casePath(caseName, `/media/${sha256s[0]}/decision`), { method: 'PUT', body: { category } });
  else await api(casePath(caseName, '/media/decisions'), { method: 'POST', body: { sha256s, category } });
}

/** Set the human category of every media file of a cluster at once. */
export async function setClusterCategory(
  caseName: string,
  cluster: string,
  category: string | null,
): Promise<void> {
  await api(casePath(caseName, `/clusters/${encodeURIComponent(cluster)}/decision`), {
    method: 'POST',
    body: { category },
  });
}

/** Save the category, tags and note of one media file. */
export async function saveDecision(
  caseName: string,
  sha256: string,
  d: { category: string | null; tags: string[]; note: string },
): Promise<void> {
  await api(casePath(caseName, `/media/${sha256}/decision`), { method: 'PUT', body: d });
}

/** Reveal one file with a reason (audited): the short-lived single-use URL of its bytes. */
export async function reveal(caseName: string, sha256: string, reason: string): Promise<string> {
  const b = await api<{ url: string }>(casePath(caseName, `/media/${sha256}/reveal`), {
    method: 'POST',
    body: { reason },
  });
  return b.url;
}

/** The URL of a media file's blurred greyscale thumbnail (the only picture the grid shows). */
export function thumbnailUrl(caseName: string, sha256: string): string {
  return `/api/v1${casePath(caseName, `/media/${sha256}/thumbnail`)}`;
}
