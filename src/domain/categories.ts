import * as z from 'zod';

/** One category of a scheme: its stored code and how people see it. */
export const CategorySchema = z.object({
  /** Stored with the scheme name (`(scheme, code)`), never alone: codes mean different things in other schemes. */
  code: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, 'a code is 1–16 letters, digits, - or _'),
  /** Display name. */
  label: z.string().min(1),
  /** Longer explanation shown as help. */
  description: z.string().optional(),
});

/** A category scheme as a `categories.json` file (case folder or `vigie serve --categories FILE`) gives it. */
export const CategorySchemeSchema = z
  .object({
    /** Stored beside every code; never renamed once decisions use it. */
    scheme: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a scheme name is 1–64 letters, digits, ., - or _'),
    /** Display name of the scheme. */
    label: z.string().min(1),
    /** In keyboard order: the first nine are keys 1–9 in the web app (0 for a code '0'). */
    categories: z.array(CategorySchema).min(1).max(20),
  })
  .refine((s) => new Set(s.categories.map((c) => c.code)).size === s.categories.length, {
    message: 'category codes must be unique',
    path: ['categories'],
  });

/** A category scheme. */
export type CategoryScheme = z.infer<typeof CategorySchemeSchema>;

/**
 * The default scheme: Project VIC – US (`../shared/specs/interchange.md` §1.2). Uncategorised is no code (null),
 * not a category. The labels are display defaults; a unit replaces them with its own `categories.json`.
 */
export const DEFAULT_CATEGORY_SCHEME: CategoryScheme = {
  scheme: 'projectvic-us',
  label: 'Project VIC – US',
  categories: [
    { code: '0', label: 'Non-pertinent', description: 'Not relevant to the investigation' },
    { code: '1', label: 'Child abuse material', description: 'CAM' },
    { code: '2', label: 'Child exploitive / age difficult', description: 'Non-CAM' },
    { code: '3', label: 'CGI / animation', description: 'Child exploitive CGI or animation' },
    { code: '4', label: 'Comparison image', description: 'Internal reference only' },
  ],
};

/** The file name of a case's own scheme, in the case folder. */
export const CATEGORIES_FILE = 'categories.json';
