import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';

/** Input of labelSource: the source (its id or a unique prefix of it) and its new label. */
export interface LabelSourceInput {
  readonly source: string;
  readonly label: string;
}

/** What `vigie source label` did. */
export interface LabelSourceResult {
  readonly source: string;
  readonly kind: string;
  /** The label before (null: none). */
  readonly from: string | null;
  readonly label: string;
  /** False when the source already had this label (then nothing was written). */
  readonly changed: boolean;
  /** The `source label` audit event; null when nothing changed. */
  readonly auditSeq: number | null;
}

/** Kinds a label applies to: exports (the collecting account) and returns (their reference). */
const LABELLED = new Set(['telegram-json', 'telegram-html', 'returns']);

/** Labels are one line of printable text (no control characters), at most this long. */
const MAX_LABEL = 200;

/**
 * `vigie source label SOURCE LABEL`: set the label of an imported export (the collecting account) or a return,
 * audited (`source label`, with the label before and after). The source's rows must still match their recorded
 * digest; its new digest is recorded in the same transaction (a `rows` event), so that `vigie verify` passes.
 */
export async function labelSource(
  deps: Pick<CaseContext, 'store' | 'user'>,
  input: LabelSourceInput,
): Promise<LabelSourceResult> {
  const label = input.label.trim();
  if (!label || label.length > MAX_LABEL || /\p{Cc}/u.test(label))
    throw new AppError(
      'USAGE',
      `label '${input.label.slice(0, 40)}': expected 1 to ${MAX_LABEL} characters of text on one line`,
    );
  return deps.store.transaction(async (tx) => {
    const all = await tx.sources.listSources();
    const exact = all.find((s) => s.id === input.source);
    const found = exact ? [exact] : all.filter((s) => s.id.startsWith(input.source));
    if (found.length === 0 || !input.source)
      throw new AppError(
        'NOT_FOUND',
        `source ${input.source}: no such source in the case (see vigie sources)`,
      );
    if (found.length > 1)
      throw new AppError(
        'USAGE',
        `source ${input.source}: ambiguous, ${found.length} match: ${found
          .slice(0, 5)
          .map((s) => s.id)
          .join(', ')}${found.length > 5 ? ', …' : ''}`,
      );
    const src = found[0]!;
    if (!LABELLED.has(src.kind))
      throw new AppError(
        'USAGE',
        `source ${src.id} is a ${src.kind}: only exports and returns have a label (a hash list is named by its list)`,
      );
    const base = { source: src.id, kind: src.kind, from: src.label, label };
    if (src.label === label) return { ...base, changed: false, auditSeq: null };
    await tx.integrity.assertRowsIntact([src.id], `source label ${src.id}`);
    await tx.sources.setLabel(src.id, label);
    const ev = await tx.audit.append({
      user: deps.user,
      command: 'source label',
      subject: src.id,
      details: { from: src.label, to: label },
    });
    await tx.integrity.recordChangedDigests({
      user: deps.user,
      sources: [src.id],
      after: { command: 'source label', seq: ev.seq, subject: src.id },
    });
    return { ...base, changed: true, auditSeq: ev.seq };
  });
}
