import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';

/** Every table of a case database, each row as JSON, tables by name and rows sorted (a byte-stable dump). */
export function caseDump(caseDir: string): string {
  const db = new Database(join(caseDir, 'case.sqlite'), { readonly: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as {
      name: string;
    }[];
    const parts: string[] = [];
    for (const { name } of tables) {
      const rows = db.prepare(`SELECT * FROM "${name}"`).raw(true).all() as unknown[][];
      const lines = rows
        .map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)))
        .sort();
      parts.push(`# ${name} (${lines.length})`, ...lines);
    }
    return parts.join('\n');
  } finally {
    db.close();
  }
}

/** Files under the case's evidence/ folder (relative paths, sorted). */
export function evidenceFiles(caseDir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(caseDir, p));
    }
  };
  walk(join(caseDir, 'evidence'));
  return out.sort();
}

/** SHA-256 of the case dump (every table, ordered): equal digests mean the database did not change. */
export function caseDigest(caseDir: string): string {
  return createHash('sha256').update(caseDump(caseDir)).digest('hex');
}
