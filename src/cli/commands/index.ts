import type { Command } from 'commander';
import { registerInit } from './init.js';
import { registerVerify } from './verify.js';
import { registerImport } from './import.js';
import { registerStats } from './stats.js';
import { registerChats } from './chats.js';
import { registerAnalyse } from './analyse.js';
import { registerActors } from './actors.js';
import { registerActor } from './actor.js';
import { registerGraph } from './graph.js';
import { registerHash } from './hash.js';
import { registerPdq } from './pdq.js';
import { registerVpdq } from './vpdq.js';
import { registerReturns } from './returns.js';
import { registerTargets } from './targets.js';
import { registerTarget } from './target.js';
import { registerHashlist } from './hashlist.js';
import { registerMatch } from './match.js';
import { registerMedia } from './media.js';
import { registerDemo } from './demo.js';
import { registerRun } from './run.js';
import { registerLink } from './link.js';
import { registerGc } from './gc.js';
import { registerAudit } from './audit.js';
import { registerKeys } from './keys.js';
import { registerWorker } from './worker.js';
import { registerJobs } from './jobs.js';
import { registerCase } from './case.js';
import { registerUsers } from './users.js';
import { registerServe } from './serve.js';

/** Every CLI command, registered in this order (the composition point for the CLI). */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerInit,
  registerVerify,
  registerImport,
  registerStats,
  registerChats,
  registerAnalyse,
  registerActors,
  registerActor,
  registerGraph,
  registerHash,
  registerPdq,
  registerVpdq,
  registerReturns,
  registerTargets,
  registerTarget,
  registerHashlist,
  registerMatch,
  registerMedia,
  registerDemo,
  registerRun,
  registerLink,
  registerGc,
  registerAudit,
  registerKeys,
  registerWorker,
  registerJobs,
  registerCase,
  registerUsers,
  registerServe,
];
