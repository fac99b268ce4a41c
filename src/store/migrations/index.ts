import { migration001 } from './001-case.js';
import { migration002 } from './002-signals.js';
import { migration003 } from './003-hashlists.js';
import { migration004 } from './004-analysis.js';
import { migration005 } from './005-returns-attribution.js';
import { migration006 } from './006-id-alias.js';
import { migration007 } from './007-message-first-source.js';
import { migration008 } from './008-media-decision.js';
import { migration009 } from './009-search.js';
import { migration010 } from './010-referral.js';
import { migration011 } from './011-own-account.js';
import { migration012 } from './012-search-vector.js';
import { migration013 } from './013-thumbnail.js';
import { migration014 } from './014-message-vector.js';

/** A forward-only schema step; never edited once landed. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /** PostgreSQL's text when it is not the translation of `sql` (`toPostgres`). */
  readonly postgres?: string;
}

/** Every migration, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
  migration014,
];
