import * as z from 'zod';

/** Largest category code per scheme (inclusive); a scheme not listed takes no numeric range check. */
export const CATEGORY_MAX: Readonly<Record<string, number>> = {
  // Project VIC US: 0 Non-Pertinent … 4 Comparison Images (spec interchange.md §1.2).
  'VICS-US': 4,
  // 1.x and Default/UK/unknown profiles: the union of the US table and the legacy DHS table (0 … 5).
  'VICS-1.2': 5,
  'VICS-1.3': 5,
  'VICS-Default': 5,
  'VICS-UK': 5,
  'VICS-unknown': 5,
  'VICS-tag': 5,
};

/** NCMEC industry classification codes (A/B = severity, 1/2 = age group). */
export const NCMEC_CLASSIFICATIONS: readonly string[] = ['A1', 'A2', 'B1', 'B2'];

/** Why a category code does not fit its scheme, or null when it does. */
export function categoryProblem(scheme: string, code: string): string | null {
  if (scheme === 'NCMEC')
    return NCMEC_CLASSIFICATIONS.includes(code)
      ? null
      : `classification '${code.slice(0, 20)}' is not one of ${NCMEC_CLASSIFICATIONS.join(', ')}`;
  const max = CATEGORY_MAX[scheme];
  if (max === undefined) return null;
  if (!/^\d{1,3}$/.test(code) || Number(code) > max)
    return `category '${code.slice(0, 20)}' is out of range for ${scheme} (0 to ${max})`;
  return null;
}

const hash = z.string().nullish();
const flag = z
  .union([z.boolean(), z.literal(0), z.literal(1), z.string().regex(/^\s*(?:true|false|0|1)\s*$/i)])
  .nullish();

/** One VICS Media record (1.2/1.3/2.0): the fields Vigie reads, each with its type; others pass through. */
export const vicsMediaSchema = z.looseObject({
  MediaID: z.union([z.string(), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]).nullish(),
  MD5: hash,
  SHA1: hash,
  SHA256: hash,
  Category: z
    .union([
      z.number().int().min(0).max(999),
      z.string().regex(/^\s*\d{0,3}\s*$/, 'expected a category code'),
    ])
    .nullish(),
  Series: z.union([z.string(), z.number()]).nullish(),
  MediaSize: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullish(),
  Tags: z.string().nullish(),
  DateUpdated: z.string().nullish(),
  AlternativeHashes: z
    .array(z.looseObject({ HashName: z.string().nullish(), HashValue: z.string().nullish() }))
    .nullish(),
  VictimIdentified: flag,
  OffenderIdentified: flag,
  IsDistributed: flag,
  IsSuspected: flag,
  SelfGenerated: flag,
  IsPrecategorized: flag,
});

/** A validated VICS Media record. */
export type VicsMedia = z.infer<typeof vicsMediaSchema>;

/** One NCMEC image/video record as read from the XML (every field a string or absent). */
export const ncmecRecordSchema = z.object({
  id: z.string().min(1, 'empty <id>').max(200).nullable(),
  classification: z.string().max(20).nullable(),
  fingerprints: z.array(z.tuple([z.string(), z.string()])),
});

/** Validate `value` with `schema`; on failure return `field: message` of the first problem. */
export function schemaProblem(schema: z.ZodType, value: unknown): string | null {
  const r = schema.safeParse(value);
  if (r.success) return null;
  const first = r.error.issues[0];
  if (!first) return 'invalid';
  const path = first.path.map(String).join('.');
  return `${path || '(record)'}: ${first.message}`;
}
