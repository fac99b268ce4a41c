import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import Database from 'better-sqlite3';

/** A benign synthetic JPEG (a colour gradient) that differs by seed. */
export async function benignJpeg(seed: number, size = 24): Promise<Buffer> {
  const px = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 3;
      px[i] = (x * 10 + seed * 37) & 255;
      px[i + 1] = (y * 10 + seed * 91) & 255;
      px[i + 2] = (seed * 53) & 255;
    }
  return sharp(px, { raw: { width: size, height: size, channels: 3 } })
    .jpeg()
    .toBuffer();
}

/** Write a tdesktop-style export folder: result.json (1-space indent, like tdesktop) plus files. */
export function writeExport(
  dir: string,
  result: unknown,
  files: Record<string, Buffer | string> = {},
): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'result.json'), JSON.stringify(result, null, 1));
  for (const [p, b] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), b);
  }
  return dir;
}

/** A modern (≥ 5.11) regular message. */
export function msg(
  id: number,
  t: number,
  from: string,
  fromId: string,
  text: unknown,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    type: 'message',
    date: new Date(t * 1000).toISOString().slice(0, 19),
    date_unixtime: String(t),
    from,
    from_id: fromId,
    ...extra,
    text,
    text_entities: typeof text === 'string' ? [{ type: 'plain', text }] : [],
  };
}

/** Dump the content tables of a case (volatile columns removed) for state comparisons. */
export function dumpCase(sqlite: string): Record<string, unknown[]> {
  const raw = new Database(sqlite, { readonly: true });
  const volatile = new Set(['imported_at', 'stored_at', 'run_id', 'id_issue']);
  const tables = [
    'source',
    'source_file',
    'chat',
    'chat_title',
    'chat_source',
    'actor',
    'actor_name',
    'message',
    'message_version',
    'message_source',
    'message_in_source',
    'media',
    'media_occurrence',
    'membership',
    'evidence',
  ];
  // Imports write with foreign-key enforcement off (ADR 0009): every dump also proves the references hold.
  assert.deepEqual(raw.prepare('PRAGMA foreign_key_check').all(), [], 'no dangling references');
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    const rows = raw.prepare(`SELECT * FROM ${t}`).all() as Record<string, unknown>[];
    out[t] = rows
      .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).filter(([k]) => !volatile.has(k)))))
      .sort();
  }
  out['issue'] = (
    raw.prepare('SELECT source_id, code, file, location, message FROM issue').all() as unknown[]
  )
    .map((r) => JSON.stringify(r))
    .sort();
  raw.close();
  return out;
}
