import type { EvidenceItem, EvidenceSource, SignalName } from './types.js';

/** When a point signal misleads, it points to one of about this many plausible countries (Q = 1/N). */
export const MISLEAD_SPREAD = 30;

/** A point observation "country X" (phone, IP, EXIF, place, flag): P(obs | c) = 1 for c = X, 0 otherwise. */
export function pointEvidence(
  signal: SignalName,
  country: string | readonly string[],
  value: string,
  alpha: number,
  weight: number,
  source: EvidenceSource,
  opts: { background?: number; flags?: readonly string[] } = {},
): EvidenceItem {
  const list = typeof country === 'string' ? [country] : [...country];
  const countries: Record<string, number> = {};
  for (const c of list) countries[c] = 1 / list.length;
  return {
    signal,
    value,
    countries,
    otherwise: 0,
    alpha,
    background: opts.background ?? 1 / MISLEAD_SPREAD / list.length,
    weight,
    source,
    ...(opts.flags && opts.flags.length > 0 ? { flags: [...opts.flags] } : {}),
  };
}

/** 1/√k tempering for k dependent repeats of a signal. */
export function temper(k: number): number {
  return k <= 1 ? 1 : 1 / Math.sqrt(k);
}
