import type { FastifyInstance } from 'fastify';
import { sessionRoutes } from './session.js';
import { caseRoutes } from './cases.js';
import { triageRoutes } from './triage.js';
import { listingRoutes } from './listings.js';
import { jobRoutes } from './jobs.js';
import { searchRoutes } from './search.js';
import { networkRoutes } from './network.js';
import { countryRoutes } from './countries.js';
import { investigationRoutes } from './investigation.js';
import { exportRoutes } from './exports.js';
import { chatRoutes } from './chat.js';
import { referralRoutes } from './referrals.js';

/** Every route module of the API, registered in this order. Each area adds one line. */
export const ROUTE_MODULES: ReadonlyArray<(app: FastifyInstance) => void> = [
  sessionRoutes,
  caseRoutes,
  triageRoutes,
  listingRoutes,
  jobRoutes,
  searchRoutes,
  networkRoutes,
  countryRoutes,
  investigationRoutes,
  exportRoutes,
  chatRoutes,
  referralRoutes,
];
