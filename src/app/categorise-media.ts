import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import type { CategoryScheme } from '../domain/categories.js';
import type { MediaDecision } from '../store/repos/decisions.js';
import { MEDIA_CATEGORISE_COMMAND } from '../domain/audit-commands.js';

export type { MediaDecision } from '../store/repos/decisions.js';

/** Most media one call may change (a cluster or a selection in the grid). */
export const MAX_BULK = 5000;
/** Limits on free text. */
export const MAX_TAGS = 32;
export const MAX_TAG_LENGTH = 64;
export const MAX_NOTE_LENGTH = 4000;

/** What a person changes: any of category (null clears it), tags (replace the set), note (null or '' clears it). */
export interface CategoriseInput {
  /** The media to change (one, or many at once); or `cluster`. */
  readonly sha256s?: readonly string[];
  /** Every media of this cluster (from the last `vigie analyse`). */
  readonly cluster?: string;
  readonly category?: string | null;
  readonly tags?: readonly string[];
  readonly note?: string | null;
  /** The scheme `category` is a code of (`listCategories`). */
  readonly scheme: CategoryScheme;
  /** Clock (tests); default Date.now. */
  readonly now?: () => number;
}

/** The state of a decision as an audit event records it (before and after). */
export type DecisionState = Pick<MediaDecision, 'scheme' | 'category' | 'tags' | 'note'>;

/** What `categoriseMedia` did. */
export interface CategoriseResult {
  /** The audit event of the change; null when nothing changed. */
  readonly auditSeq: number | null;
  /** The new decision of each media that changed, by SHA-256. */
  readonly changed: MediaDecision[];
  /** Media whose decision already was this one. */
  readonly unchanged: string[];
}

/** Check and normalise the change; USAGE naming the field. */
function normalise(input: CategoriseInput): Partial<DecisionState> {
  const out: { category?: string | null; tags?: string[]; note?: string | null } = {};
  if (input.category !== undefined) {
    if (input.category !== null && !input.scheme.categories.some((c) => c.code === input.category))
      throw new AppError(
        'USAGE',
        `category '${input.category}': not a code of scheme ${input.scheme.scheme} (${input.scheme.categories.map((c) => c.code).join(', ')})`,
      );
    out.category = input.category;
  }
  if (input.tags !== undefined) {
    const tags = [...new Set(input.tags.map((t) => t.trim()).filter((t) => t))].sort();
    if (tags.length > MAX_TAGS) throw new AppError('USAGE', `tags: at most ${MAX_TAGS}`);
    const long = tags.find((t) => t.length > MAX_TAG_LENGTH);
    if (long)
      throw new AppError('USAGE', `tag '${long.slice(0, 20)}…': at most ${MAX_TAG_LENGTH} characters`);
    out.tags = tags;
  }
  if (input.note !== undefined) {
    const note = input.note?.trim() ?? '';
    if (note.length > MAX_NOTE_LENGTH)
      throw new AppError('USAGE', `note: at most ${MAX_NOTE_LENGTH} characters`);
    out.note = note || null;
  }
  if (!Object.keys(out).length)
    throw new AppError('USAGE', 'nothing to change: give a category, tags or a note');
  return out;
}

/** The state after applying a change to the latest decision (a category set is stored in the current scheme). */
function apply(
  before: MediaDecision | undefined,
  change: Partial<DecisionState>,
  scheme: string,
): DecisionState {
  return {
    scheme: change.category !== undefined ? scheme : (before?.scheme ?? scheme),
    category: change.category !== undefined ? change.category : (before?.category ?? null),
    tags: change.tags ?? before?.tags ?? [],
    note: change.note !== undefined ? change.note : (before?.note ?? null),
  };
}

/** The state part of a decision. */
function stateOf(d: MediaDecision): DecisionState {
  return { scheme: d.scheme, category: d.category, tags: d.tags, note: d.note };
}

/**
 * Set a person's category, tags and note on one media, many, or a whole cluster: one new decision row per media
 * that changes (history kept, latest wins) and one audit event listing each change before/after, in one transaction.
 */
export async function categoriseMedia(
  deps: Pick<CaseContext, 'store' | 'user'>,
  input: CategoriseInput,
): Promise<CategoriseResult> {
  const change = normalise(input);
  if ((input.sha256s === undefined) === (input.cluster === undefined))
    throw new AppError('USAGE', 'give either media SHA-256s or a cluster');
  const at = new Date((input.now ?? Date.now)()).toISOString();
  return deps.store.transaction(async (tx) => {
    const wanted =
      input.cluster !== undefined
        ? await tx.decisions.clusterMembers(input.cluster)
        : [...new Set(input.sha256s!.map((s) => s.trim().toLowerCase()))].sort();
    if (input.cluster !== undefined && !wanted.length)
      throw new AppError(
        'NOT_FOUND',
        `cluster ${input.cluster}: no such cluster in this case (run 'npx vigie analyse')`,
      );
    if (!wanted.length) throw new AppError('USAGE', 'sha256s: give at least one media');
    if (wanted.length > MAX_BULK) throw new AppError('USAGE', `sha256s: at most ${MAX_BULK} media at once`);
    const bad = wanted.find((s) => !/^[0-9a-f]{64}$/.test(s));
    if (bad) throw new AppError('USAGE', `'${bad}': expected a media SHA-256 (64 hex digits)`);
    const known = await tx.decisions.existing(wanted);
    const missing = wanted.find((s) => !known.has(s));
    if (missing) throw new AppError('NOT_FOUND', `no media with SHA-256 ${missing}`);
    const latest = await tx.decisions.latest(wanted);
    const changes: { sha256: string; before: DecisionState | null; after: DecisionState }[] = [];
    const unchanged: string[] = [];
    for (const sha256 of wanted) {
      const before = latest.get(sha256);
      const after = apply(before, change, input.scheme.scheme);
      if (before && JSON.stringify(stateOf(before)) === JSON.stringify(after)) unchanged.push(sha256);
      else changes.push({ sha256, before: before ? stateOf(before) : null, after });
    }
    if (!changes.length) return { auditSeq: null, changed: [], unchanged };
    const event = await tx.audit.append({
      user: deps.user,
      command: MEDIA_CATEGORISE_COMMAND,
      subject:
        input.cluster !== undefined
          ? `cluster ${input.cluster}`
          : changes.length === 1
            ? changes[0]!.sha256
            : `${changes.length} media`,
      details: { ...(input.cluster !== undefined ? { cluster: input.cluster } : {}), changes },
      at,
    });
    const changed = changes.map((c) => ({
      sha256: c.sha256,
      ...c.after,
      by: deps.user,
      at,
      auditSeq: event.seq,
    }));
    await tx.decisions.append(changed);
    return { auditSeq: event.seq, changed, unchanged };
  });
}
