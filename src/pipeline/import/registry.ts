import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DetectedSource, Importer } from './model.js';
import { telegramJson } from './telegram-json/index.js';
import { telegramHtml } from './telegram-html/index.js';

/** Every importer, tried in this order (the composition point for import formats). */
export const IMPORTERS: readonly Importer[] = [telegramJson, telegramHtml];

/** The importer registered under `name`. */
export function importerByName(name: string): Importer | undefined {
  return IMPORTERS.find((i) => i.name === name);
}

/** The first importer that recognises `path`; for a folder, also looks one level down (a zip's top folder). */
export function detectSource(path: string): { importer: Importer; source: DetectedSource } | null {
  for (const importer of IMPORTERS) {
    const source = importer.detect(path);
    if (source) return { importer, source };
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    const subdirs = readdirSync(path).filter(
      (n) => !n.startsWith('.') && statSync(join(path, n)).isDirectory(),
    );
    if (subdirs.length === 1) {
      for (const importer of IMPORTERS) {
        const source = importer.detect(join(path, subdirs[0]!));
        if (source) return { importer, source };
      }
    }
  }
  return null;
}
