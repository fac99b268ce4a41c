#!/usr/bin/env node
import { resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { AppError } from '../domain/errors.js';
import { VIGIE_VERSION } from '../domain/version.js';
import { COMMANDS } from './commands/index.js';
import { HELP_CONFIG, headingOf, registerSummaries } from './help.js';
import { reportError } from './output.js';

/** Root options that take a value (their value is not the command's name). */
const VALUE_OPTIONS = new Set(['--case', '--anchor-dir']);

/** The top-level command named on the command line (`vigie help X` names X), or null (help, version, unknown). */
export function requestedCommand(args: readonly string[]): string | null {
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (VALUE_OPTIONS.has(a)) i++;
    else if (a === 'help' && !help) help = true;
    else if (!a.startsWith('-')) return COMMANDS.some(([name]) => name === a) ? a : null;
  }
  return null;
}

/**
 * Build the `vigie` program: only the named command's module is loaded when the command line names one; otherwise
 * (help, a misspelt command) placeholders from the help table stand for the commands, and only a command missing
 * from that table is loaded. `--version` loads nothing.
 */
export async function buildProgram(args: readonly string[]): Promise<Command> {
  const program = new Command('vigie')
    .version(VIGIE_VERSION)
    .description('Vigie: investigation workbench — import, hash, match, analyse, refer')
    .option('--case <dir>', 'case folder (default $VIGIE_CASE, else ./vigie-case)')
    .option('--json', 'machine-readable result on stdout')
    .option('--anchor-dir <dir>', 'anchor journals folder (default $VIGIE_ANCHOR_DIR, else the state folder)')
    // Usage errors are thrown (exit 2 below, not commander's 1) and say `USAGE:` like every other error.
    .exitOverride()
    .configureOutput({ outputError: () => undefined })
    .showSuggestionAfterError(true)
    .configureHelp(HELP_CONFIG)
    .hook('preAction', (cmd) => {
      // Read once here; the case context and verify read $VIGIE_ANCHOR_DIR.
      const dir = cmd.opts<{ anchorDir?: string }>().anchorDir;
      if (dir !== undefined) process.env['VIGIE_ANCHOR_DIR'] = resolve(dir);
    });
  const wanted = requestedCommand(args);
  const versionOnly = !wanted && args.some((a) => a === '-V' || a === '--version');
  if (!wanted && !versionOnly) registerSummaries(program);
  const chosen = wanted
    ? COMMANDS.filter(([name]) => name === wanted)
    : versionOnly
      ? []
      : COMMANDS.filter(([name]) => !headingOf(name));
  const registers = await Promise.all(chosen.map(([, load]) => load()));
  for (const register of registers) register(program);
  for (const cmd of program.commands) if (!cmd.helpGroup()) cmd.helpGroup(headingOf(cmd.name()) ?? 'Other:');
  return program;
}

/** Commander's own exits that are not errors (help asked for, the version). */
const NOT_ERRORS = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/**
 * Run the CLI by its contract (issue 17): usage errors exit 2 with `USAGE: …` (and a JSON error under `--json`);
 * a closed standard output (`vigie actors --json | head -1`) ends quietly with exit 0.
 */
export async function main(args: readonly string[]): Promise<void> {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const program = await buildProgram(args);
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (NOT_ERRORS.has(e.code) && e.exitCode === 0) return;
    // `commander.help` with a failure status: a command that needs a subcommand was given none (help was shown).
    const message = e.code === 'commander.help' ? 'a command is required (see the list above)' : e.message;
    reportError(new AppError('USAGE', message.replace(/^error: /, '')));
  }
}

await main(process.argv.slice(2));
