#!/usr/bin/env node
import { resolve } from 'node:path';
import { Command } from 'commander';
import { VIGIE_VERSION } from '../domain/version.js';
import { COMMANDS } from './commands/index.js';

/** Build the `vigie` program with every registered command. */
export function buildProgram(): Command {
  const program = new Command('vigie')
    .version(VIGIE_VERSION)
    .description('Vigie: investigation workbench — import, hash, match, analyse, refer')
    .option('--case <dir>', 'case folder (default $VIGIE_CASE, else ./vigie-case)')
    .option('--json', 'machine-readable result on stdout')
    .option('--anchor-dir <dir>', 'anchor journals folder (default $VIGIE_ANCHOR_DIR, else the state folder)')
    .hook('preAction', (cmd) => {
      // Read once here; the case context and verify read $VIGIE_ANCHOR_DIR.
      const dir = cmd.opts<{ anchorDir?: string }>().anchorDir;
      if (dir !== undefined) process.env['VIGIE_ANCHOR_DIR'] = resolve(dir);
    });
  for (const register of COMMANDS) register(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
