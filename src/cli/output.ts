import { AppError, isAppError } from '../domain/errors.js';

/** Global options every command receives. */
export interface GlobalOptions {
  case?: string;
  json?: boolean;
}

/** Print a result: JSON on stdout with --json, else the human text. */
export function present(opts: GlobalOptions, result: unknown, human: () => string): void {
  if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else {
    const text = human();
    if (text) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }
}

/** Log a line to stderr (never message text or file contents). */
export function log(line: string): void {
  process.stderr.write(line + '\n');
}

/** Run a command body, mapping errors to the CLI contract: `CODE: text` on stderr and the code's exit status. */
export async function runCommand(body: () => Promise<number | void>): Promise<void> {
  try {
    const code = await body();
    process.exitCode = code ?? 0;
  } catch (e) {
    if (isAppError(e)) {
      process.stderr.write(`${e.code}: ${e.message}\n`);
      process.exitCode = e.exitCode;
      return;
    }
    process.stderr.write(`INTERNAL: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  }
}

/** Throw a usage error. */
export function usage(message: string): never {
  throw new AppError('USAGE', message);
}
