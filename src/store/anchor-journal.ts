import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../domain/errors.js';
import { AnchorLineSchema, type AnchorLine } from '../domain/anchor.js';

/** Where anchor journals live: $VIGIE_ANCHOR_DIR, else $XDG_STATE_HOME/vigie/anchors, else ~/.local/state/vigie/anchors. */
export function resolveAnchorDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env['VIGIE_ANCHOR_DIR'];
  if (explicit) return resolve(explicit);
  const state = env['XDG_STATE_HOME'];
  return state ? resolve(state, 'vigie', 'anchors') : join(homedir(), '.local', 'state', 'vigie', 'anchors');
}

/** The journal file of one case. */
export function journalPath(anchorDir: string, caseId: string): string {
  return join(anchorDir, `${caseId}.jsonl`);
}

/** One journal line as read: its line number and either the parsed line or why it is unreadable. */
export type JournalEntry =
  | { lineNo: number; line: AnchorLine; unreadable?: undefined }
  | { lineNo: number; line?: undefined; unreadable: string };

/** Read a journal; a missing file reads as empty. Lines that do not parse are returned as unreadable. */
export function readJournal(file: string): JournalEntry[] {
  if (!existsSync(file)) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new AppError('ANCHOR_FAILED', `${file}: cannot read the anchor journal: ${(e as Error).message}`);
  }
  const out: JournalEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      out.push({ lineNo: i + 1, unreadable: 'not JSON (a torn write?)' });
      return;
    }
    const r = AnchorLineSchema.safeParse(json);
    if (r.success) out.push({ lineNo: i + 1, line: r.data });
    else out.push({ lineNo: i + 1, unreadable: `not an anchor line: ${r.error.issues[0]?.message ?? ''}` });
  });
  return out;
}

/** Append one line with O_APPEND and fsync (a torn last line is first closed with a newline). */
export function appendJournal(file: string, line: AnchorLine): void {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const existed = existsSync(file);
    const fd = openSync(file, 'a+', 0o600);
    try {
      const size = fstatSync(fd).size;
      let prefix = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        readSync(fd, last, 0, 1, size - 1);
        if (last[0] !== 0x0a) prefix = '\n';
      }
      writeSync(fd, prefix + JSON.stringify(line) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (!existed) syncDir(dirname(file));
  } catch (e) {
    throw new AppError(
      'ANCHOR_FAILED',
      `${file}: cannot append to the anchor journal: ${(e as Error).message}`,
    );
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Every journal file in an anchor folder (case id → path), for the cross-check by case folder. */
export function listJournals(anchorDir: string): { caseId: string; file: string }[] {
  if (!existsSync(anchorDir)) return [];
  return readdirSync(anchorDir)
    .filter((n) => /^[0-9a-f]{64}\.jsonl$/.test(n))
    .sort()
    .map((n) => ({ caseId: n.slice(0, 64), file: join(anchorDir, n) }));
}
