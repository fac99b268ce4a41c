import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The built CLI's entry point (tests run after `npm run build`). */
export const CLI = resolve('dist/cli/main.js');

/**
 * A private state folder for this test file: anchor journals and unit keys go here, never under ~. Set in
 * process.env too, so in-process use cases (openCase, initCase) and the CLI share it; removed at exit.
 */
export const TEST_STATE = mkdtempSync(join(tmpdir(), 'vigie-state-'));
process.env['VIGIE_ANCHOR_DIR'] = join(TEST_STATE, 'anchors');
process.env['VIGIE_KEY_DIR'] = join(TEST_STATE, 'keys');
delete process.env['VIGIE_KEY'];
process.on('exit', () => rmSync(TEST_STATE, { recursive: true, force: true }));

/** Result of one CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the built `vigie` CLI with arguments (and `input` on its standard input); resolves with exit code and output. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<CliResult> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (input !== undefined) child.stdin?.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', rej);
    child.on('close', (code) => res({ code: code ?? -1, stdout, stderr }));
  });
}
