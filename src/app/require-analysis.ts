import { AppError } from '../domain/errors.js';
import type { Repositories } from '../store/repositories.js';

/** The one "run `vigie analyse` first" (issue 17): NOT_ANALYSED when no analysis of the case has ended. */
export async function requireAnalysis(store: Pick<Repositories, 'runs'>): Promise<void> {
  if (!(await store.runs.completed('analyse')))
    throw new AppError('NOT_ANALYSED', 'this case has not been analysed yet: run `npx vigie analyse` first');
}
