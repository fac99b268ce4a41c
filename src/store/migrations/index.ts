import { migration001 } from './001-case.js';
import { migration002 } from './002-signals.js';

/** A forward-only schema step; never edited once landed. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002];
