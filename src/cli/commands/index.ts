import type { Command } from 'commander';

/** Registers one top-level command (and its subcommands) on the program. */
export type RegisterCommand = (program: Command) => void;

/**
 * Every CLI command by its top-level name, in help order (the composition point for the CLI). Each is loaded only
 * when asked for: a command run imports its own module graph, not every command's (start-up cost).
 */
export const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<RegisterCommand>]> = [
  ['init', async () => (await import('./init.js')).registerInit],
  ['verify', async () => (await import('./verify.js')).registerVerify],
  ['import', async () => (await import('./import.js')).registerImport],
  ['stats', async () => (await import('./stats.js')).registerStats],
  ['chats', async () => (await import('./chats.js')).registerChats],
  ['analyse', async () => (await import('./analyse.js')).registerAnalyse],
  ['actors', async () => (await import('./actors.js')).registerActors],
  ['actor', async () => (await import('./actor.js')).registerActor],
  ['graph', async () => (await import('./graph.js')).registerGraph],
  ['hash', async () => (await import('./hash.js')).registerHash],
  ['pdq', async () => (await import('./pdq.js')).registerPdq],
  ['vpdq', async () => (await import('./vpdq.js')).registerVpdq],
  ['returns', async () => (await import('./returns.js')).registerReturns],
  ['targets', async () => (await import('./targets.js')).registerTargets],
  ['target', async () => (await import('./target.js')).registerTarget],
  ['hashlist', async () => (await import('./hashlist.js')).registerHashlist],
  ['match', async () => (await import('./match.js')).registerMatch],
  ['media', async () => (await import('./media.js')).registerMedia],
  ['demo', async () => (await import('./demo.js')).registerDemo],
  ['run', async () => (await import('./run.js')).registerRun],
  ['link', async () => (await import('./link.js')).registerLink],
  ['gc', async () => (await import('./gc.js')).registerGc],
  ['audit', async () => (await import('./audit.js')).registerAudit],
  ['keys', async () => (await import('./keys.js')).registerKeys],
  ['worker', async () => (await import('./worker.js')).registerWorker],
  ['jobs', async () => (await import('./jobs.js')).registerJobs],
  ['case', async () => (await import('./case.js')).registerCase],
  ['users', async () => (await import('./users.js')).registerUsers],
  ['serve', async () => (await import('./serve.js')).registerServe],
  ['search', async () => (await import('./search.js')).registerSearch],
  ['refer', async () => (await import('./refer.js')).registerRefer],
  ['referrals', async () => (await import('./referrals.js')).registerReferrals],
  ['clusters', async () => (await import('./clusters.js')).registerClusters],
  ['sources', async () => (await import('./sources.js')).registerSources],
  ['issues', async () => (await import('./issues.js')).registerIssues],
  ['runs', async () => (await import('./runs.js')).registerRuns],
  ['completion', async () => (await import('./completion.js')).registerCompletion],
  ['attribution', async () => (await import('./attribution.js')).registerAttribution],
  ['source', async () => (await import('./source.js')).registerSource],
];
