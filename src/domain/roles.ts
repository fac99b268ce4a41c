/** The workbench roles (docs/workbench-server.md has the table of what each may do). */
export const ROLES = ['analyst', 'supervisor', 'liaison', 'auditor', 'admin'] as const;

/** One workbench role. */
export type RoleName = (typeof ROLES)[number];

/** True when `s` names a role. */
export function isRole(s: string): s is RoleName {
  return (ROLES as readonly string[]).includes(s);
}

/** Person and case names: letters, digits, `.`, `_`, `-`, `@`; no path separators; 1–64 characters. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
