/** One thing `vigie verify` found wrong, named precisely enough to look at (structured for `--json`). */
export interface Finding {
  /** The check that found it: `rows`, `append-only`, `case-json`, `evidence`, `orphans`, `replay`. */
  readonly check: string;
  /** What is wrong: `rows-differ`, `row-changed`, `row-missing`, `row-added`, `trigger-missing`, … */
  readonly kind: string;
  readonly table?: string;
  readonly source?: string;
  readonly chat?: string;
  readonly message?: number;
  readonly field?: string;
  readonly expected?: unknown;
  readonly found?: unknown;
  /** One line naming the place and what changed. */
  readonly detail: string;
}
