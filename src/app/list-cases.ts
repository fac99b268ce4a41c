import { join } from 'node:path';
import { casePaths, readCaseInfo } from '../store/case-folder.js';
import { caseFolders } from './users-store.js';

/** A case folder of the server's cases folder, as `GET /api/v1/cases` lists it. */
export interface CaseSummary {
  readonly name: string;
  readonly title: string;
  readonly home: string | null;
  readonly database: 'sqlite' | 'postgres';
  readonly created: string;
  readonly granted: boolean;
}

/** The cases a person may see: the granted ones (every one when `all`, for admins, with `granted` saying which). */
export function listCases(input: {
  casesDir: string;
  granted: readonly string[];
  all?: boolean;
}): CaseSummary[] {
  const out: CaseSummary[] = [];
  for (const name of caseFolders(input.casesDir)) {
    const granted = input.granted.includes(name);
    if (!granted && !input.all) continue;
    try {
      const info = readCaseInfo(casePaths(join(input.casesDir, name)));
      out.push({
        name,
        title: info.name,
        home: info.home,
        database: info.database ? 'postgres' : 'sqlite',
        created: info.created,
        granted,
      });
    } catch {
      // a broken case.json: not listed (the case routes answer its error)
    }
  }
  return out;
}
