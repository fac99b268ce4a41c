import { relative } from 'node:path';

/** How people run the CLI from the clone (`npm link` once gives a plain `vigie`). */
export const VIGIE = 'npx vigie';

/** The "what to look at next" lines printed after `vigie run` and `vigie demo` (human output only). */
export function nextSteps(caseDir: string): string[] {
  const rel = relative(process.cwd(), caseDir) || '.';
  const c = `--case ${/\s/.test(rel) ? JSON.stringify(rel) : rel}`;
  return [
    '',
    'what to look at next:',
    `  ${VIGIE} targets ${c}            # who to look at first, and why`,
    `  ${VIGIE} media --new ${c}        # media in no list, with first poster`,
    `  ${VIGIE} actor ID ${c}           # one actor (any unique prefix of the id)`,
    `  ${VIGIE} issues ${c}             # what the pipeline could not read`,
  ];
}
