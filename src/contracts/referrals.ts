import * as z from 'zod';
import { CaseParams } from './common.js';
import type { Role } from './common.js';
import type { RouteContract } from './route.js';

/** Who builds and reads referral packages: liaison officers and supervisors (auditors read the list too). */
export const REFERRAL_ROLES = {
  builders: ['liaison', 'supervisor'],
  readers: ['liaison', 'supervisor', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;

/** One referral package the case recorded (twin of an item of `vigie referrals --json`). */
export const ReferralItem = z.object({
  packageId: z.string(),
  country: z.string(),
  actors: z.array(z.string()).readonly(),
  tagManifestSha256: z.string(),
  signer: z.string(),
  includeMedia: z.boolean(),
  forced: z.boolean(),
  reason: z.string().nullable(),
  user: z.string(),
  at: z.string(),
  auditSeq: z.number(),
});
/** One referral package the case recorded. */
export type ReferralItem = z.infer<typeof ReferralItem>;

/** `POST …/referrals`: the targets (accepted, attributed to `to`), report languages, media (supervisors only). */
export const ReferralBody = z.object({
  actors: z.array(z.string().min(1).max(128)).min(1, 'select at least one target').max(200),
  to: z.string().regex(/^[A-Za-z]{2}$/, 'a country code (ISO 3166-1 alpha-2)'),
  /** Report languages besides French (English when none). */
  lang: z.array(z.string().max(8)).max(8).optional(),
  /** Put the media files themselves in the package: supervisors only, with a reason (audited). */
  includeMedia: z.boolean().optional(),
  /** Why (recorded in the audit event); required with `includeMedia`. */
  reason: z.string().trim().max(2000).optional(),
});

/** A built package and its single-use download URL (a zip of the bag, valid until `expiresAt`, for its builder). */
export const ReferralBuilt = z.object({
  packageId: z.string(),
  country: z.string(),
  actors: z.array(z.string()).readonly(),
  files: z.number(),
  bytes: z.number(),
  tagManifestSha256: z.string(),
  signer: z.string(),
  auditSeq: z.number(),
  download: z.object({
    url: z.string(),
    fileName: z.string(),
    size: z.number(),
    /** ISO-8601 UTC. */
    expiresAt: z.string(),
  }),
});
/** A built package and its download URL. */
export type ReferralBuilt = z.infer<typeof ReferralBuilt>;

/** `{case}` and `{package}` (the package id). */
export const PackageParams = CaseParams.extend({ package: z.string().min(1).max(128) });

/** `?token=…` of a package download. */
export const DownloadQuery = z.object({ token: z.string().min(1).max(128) });

/** Referral packages from the workbench (issue 16): list, build (signed with `vigie serve --signing-key`), download. */
export const REFERRAL_ROUTES = [
  {
    id: 'referrals.list',
    method: 'GET',
    path: '/api/v1/cases/{case}/referrals',
    summary: 'The referral packages the case recorded (twin of vigie referrals --json)',
    caseScoped: true,
    params: CaseParams,
    roles: REFERRAL_ROLES.readers,
    response: z.array(ReferralItem),
  },
  {
    id: 'referrals.build',
    method: 'POST',
    path: '/api/v1/cases/{case}/referrals',
    summary:
      'Build a signed referral package for accepted targets (the use case of vigie refer); refusals 409; a single-use zip download URL',
    caseScoped: true,
    params: CaseParams,
    roles: REFERRAL_ROLES.builders,
    body: ReferralBody,
    response: ReferralBuilt,
    audited: true,
  },
  {
    id: 'referrals.download',
    method: 'GET',
    path: '/api/v1/cases/{case}/referrals/{package}/zip',
    summary: 'The zip of a package just built, once, with its token, for the person who built it (no-store)',
    caseScoped: true,
    params: PackageParams,
    roles: REFERRAL_ROLES.builders,
    query: DownloadQuery,
    response: 'bytes',
  },
] as const satisfies readonly RouteContract[];
