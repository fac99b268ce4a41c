import { AppError } from '../domain/errors.js';
import { asAppError } from '../app/faults.js';

/** Global options every command receives. */
export interface GlobalOptions {
  case?: string;
  json?: boolean;
}

// C0 controls but \t and \n, DEL, C1 controls, bidirectional overrides/isolates/marks, line/paragraph separators.
const UNSAFE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Make text safe for a terminal: control characters (C0 but tab and newline, DEL, C1, so every ESC sequence),
 * bidirectional overrides and line separators become visible escapes (`\x1b`, `\u202e`).
 */
export function escapeTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

/** Print a result: JSON on stdout with --json, else the human text (terminal-escaped). */
export function present(opts: GlobalOptions, result: unknown, human: () => string): void {
  if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else {
    const text = escapeTerminal(human());
    if (text) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }
}

/** Log a line to stderr (never message text or file contents), terminal-escaped. */
export function log(line: string): void {
  process.stderr.write(escapeTerminal(line) + '\n');
}

/** True when the command line asks for JSON (the global `--json`, read once from the process's arguments). */
export const jsonRequested = (args: readonly string[] = process.argv.slice(2)): boolean =>
  args.includes('--json');

/**
 * Report an error by the CLI contract: `CODE: text` on stderr and, under `--json`, one object
 * `{"error":{"code","message","file"?,"place"?}}` on stdout; sets the code's exit status.
 */
export function reportError(app: AppError): void {
  process.stderr.write(`${app.code}: ${escapeTerminal(app.message)}\n`);
  if (jsonRequested()) {
    const file = app.details?.['file'];
    const place = app.details?.['place'];
    const error = {
      code: app.code,
      message: app.message,
      ...(typeof file === 'string' ? { file } : {}),
      ...(typeof place === 'string' || typeof place === 'number' ? { place } : {}),
    };
    process.stdout.write(JSON.stringify({ error }) + '\n');
  }
  process.exitCode = app.exitCode;
}

/**
 * Run a command body, mapping errors to the CLI contract (`reportError`). Operating-system and SQLite faults
 * (busy, full disk, read-only, name too long) get their own codes; anything else is INTERNAL (exit 1).
 */
export async function runCommand(body: () => Promise<number | void>): Promise<void> {
  try {
    const code = await body();
    process.exitCode = code ?? 0;
  } catch (e) {
    const app = asAppError(e);
    if (app) return reportError(app);
    process.stderr.write(`INTERNAL: ${escapeTerminal((e as Error).stack ?? String(e))}\n`);
    if (jsonRequested())
      process.stdout.write(JSON.stringify({ error: { code: 'INTERNAL', message: String(e) } }) + '\n');
    process.exitCode = 1;
  }
}

/** Throw a usage error. */
export function usage(message: string): never {
  throw new AppError('USAGE', message);
}
