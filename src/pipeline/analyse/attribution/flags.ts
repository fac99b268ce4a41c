import { pointEvidence, temper } from './evidence-util.js';
import type { EvidenceItem } from './types.js';

/** α of a flag emoji (allegiance, origin, a football team). */
export const FLAG_ALPHA = 0.25;
/** Tempering between flags and language (both point to origin). */
export const FLAG_LANGUAGE_WEIGHT = 0.5;

const RI = /\p{Regional_Indicator}{2}/gu;
const TAG_FLAG = /\u{1F3F4}((?:[\u{E0061}-\u{E007A}])+)\u{E007F}/gu;
const DROPPED = new Set(['EU', 'UN']);

/** Flags in a string: ISO codes from regional-indicator pairs, subdivision tags as `gbsct` (EU and UN dropped). */
export function findFlags(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(RI)) {
    const cc = [...m[0]].map((ch) => String.fromCharCode(ch.codePointAt(0)! - 0x1f1e6 + 65)).join('');
    if (!DROPPED.has(cc)) out.push(cc);
  }
  for (const m of text.matchAll(TAG_FLAG))
    out.push([...m[1]!].map((ch) => String.fromCharCode(ch.codePointAt(0)! - 0xe0000)).join(''));
  return out;
}

/** Evidence from flags in display names: one per distinct flag, tempered with language and 1/√k. */
export function flagEvidence(names: ReadonlyArray<{ name: string; source: string }>): EvidenceItem[] {
  const seen = new Map<string, { name: string; source: string }>();
  for (const n of names) {
    for (const f of findFlags(n.name)) {
      const cc = /^[a-z]{2}/.test(f) ? f.slice(0, 2).toUpperCase() : f;
      if (!seen.has(cc)) seen.set(cc, n);
    }
  }
  const list = [...seen.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const w = FLAG_LANGUAGE_WEIGHT * temper(list.length);
  return list.map(([cc, n]) =>
    pointEvidence('flag', cc, `flag ${cc} in display name`, FLAG_ALPHA, w, {
      kind: 'name',
      name: n.name,
      source: n.source,
    }),
  );
}
