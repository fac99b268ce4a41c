import { existsSync, readFileSync } from 'node:fs';
import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import { attributionReport, type AttributionReport } from '../pipeline/analyse/attribution/report.js';
import { reliabilitySvg } from '../pipeline/analyse/attribution/diagram.js';

export type { AttributionReport, GroupScore } from '../pipeline/analyse/attribution/report.js';

/** Input of the report: a truth file (the demo generator's truth.json) or none. */
export interface AttributionReportInput {
  readonly truthFile?: string;
}

interface TruthActor {
  readonly id: string;
  readonly country: string;
  readonly role?: string;
  readonly posted?: boolean;
}

/** Read a truth file's actors (`{actors: [{id, country, role?, posted?}]}`), naming the file and the place on error. */
function readTruth(file: string): TruthActor[] {
  if (!existsSync(file)) throw new AppError('FILE_NOT_FOUND', `${file}: no such file`);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('USAGE', `${file}: not JSON (${(e as Error).message})`);
  }
  const actors = (doc as { actors?: unknown } | null)?.actors;
  if (!Array.isArray(actors))
    throw new AppError('USAGE', `${file}: no "actors" list (a demo truth.json has one)`);
  return actors.map((a: unknown, i) => {
    const t = a as Partial<TruthActor> | null;
    if (!t || typeof t.id !== 'string' || typeof t.country !== 'string')
      throw new AppError('USAGE', `${file}: actors[${i}]: needs "id" and "country" strings`);
    return { id: t.id, country: t.country, role: t.role, posted: t.posted };
  });
}

/**
 * Report on the case's attributions: coverage of the posting actors and the distribution of probabilities; with a
 * truth file also precision, Brier score, ECE and reliability bins, overall and for home-country and foreign actors
 * (posting actors of the truth, undercover accounts left out).
 */
export async function reportAttribution(
  deps: Pick<CaseContext, 'store' | 'info'>,
  input: AttributionReportInput = {},
): Promise<AttributionReport> {
  const truth = input.truthFile ? readTruth(input.truthFile) : null;
  const stored = await deps.store.triage.attributions();
  if (stored.size === 0)
    throw new AppError('NOT_ANALYSED', 'no attribution in this case yet: run `npx vigie analyse` first');
  const attributions = [...stored].map(([actor, a]) => ({ actor, ...a }));
  let posting: Set<string>;
  if (truth)
    posting = new Set(truth.filter((t) => t.posted !== false && t.role !== 'undercover').map((t) => t.id));
  else posting = new Set((await deps.store.triage.attributionMessages()).map((m) => m.author));
  return attributionReport({
    attributions,
    posting,
    home: deps.info.home,
    ...(truth ? { truth: truth.map((t) => ({ actor: t.id, country: t.country })) } : {}),
  });
}

/** The report's reliability diagram as SVG: overall, home and foreign with truth; the distribution without. */
export function reliabilityDiagram(r: AttributionReport): string {
  const series = r.truth
    ? [
        { label: `all (${r.truth.overall.actors})`, bins: r.truth.overall.bins },
        { label: `home ${r.home ?? ''} (${r.truth.home.actors})`, bins: r.truth.home.bins },
        { label: `foreign (${r.truth.foreign.actors})`, bins: r.truth.foreign.bins },
      ]
    : [{ label: `posting actors (${r.postingActors})`, bins: r.distribution }];
  return reliabilitySvg('Attribution reliability', series);
}
