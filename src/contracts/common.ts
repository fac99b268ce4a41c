import * as z from 'zod';
import { ROLES } from '../domain/roles.js';
import { NAME_PATTERN } from '../domain/roles.js';

/** A workbench role. */
export const Role = z.enum(ROLES);
/** A workbench role. */
export type Role = z.infer<typeof Role>;

/** Who may do what (docs/workbench-server.md, "People and roles"); route contracts name one of these sets. */
export const ROLE_SETS = {
  /** Read a case's media, actors, chats, lists; categorise and tag. */
  analysts: ['analyst', 'supervisor'],
  /** Decide targets. */
  supervisors: ['supervisor'],
  /** Read targets (and later referrals). */
  targetReaders: ['analyst', 'supervisor', 'liaison'],
  /** Read a case's figures. */
  caseReaders: ['analyst', 'supervisor', 'liaison', 'auditor'],
  /** Read the audit trail. */
  auditors: ['auditor', 'supervisor'],
  /** Manage people. */
  admins: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

/** Every error body the API sends: a code of the closed union and a message naming the place. */
export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
/** Every error body the API sends. */
export type ErrorBody = z.infer<typeof ErrorBody>;

/** A page of a cursor-paginated list: the items and the cursor of the next page (null on the last). */
export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** A case folder's name (under the server's cases folder). */
export const CaseName = z.string().regex(NAME_PATTERN, 'a case folder name');

/** The `{case}` path parameter. */
export const CaseParams = z.object({ case: CaseName });

/** `cursor` and `limit` of a paginated list (limit 1–1000, default 100). */
export const PageQuery = z.object({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** An answer with nothing to say. */
export const Ok = z.object({ ok: z.literal(true) });
