import type { Command } from 'commander';
import { registerInit } from './init.js';
import { registerVerify } from './verify.js';

/** Every CLI command, registered in this order (the composition point for the CLI). */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [registerInit, registerVerify];
