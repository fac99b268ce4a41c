#!/usr/bin/env node
import { Command } from 'commander';
import { VIGIE_VERSION } from '../domain/version.js';
import { COMMANDS } from './commands/index.js';

/** Build the `vigie` program with every registered command. */
export function buildProgram(): Command {
  const program = new Command('vigie')
    .version(VIGIE_VERSION)
    .description('Vigie: investigation workbench — import, hash, match, analyse, refer')
    .option('--case <dir>', 'case folder (default $VIGIE_CASE, else ./vigie-case)')
    .option('--json', 'machine-readable result on stdout');
  for (const register of COMMANDS) register(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
