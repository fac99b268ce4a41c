import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { showActor } from '../../app/show-actor.js';
import { present, runCommand, type GlobalOptions } from '../output.js';

/** `vigie actor ID`: one actor's full profile. */
export function registerActor(program: Command): void {
  program
    .command('actor <id>')
    .description('show one actor: aliases, chats, media by status, replies, activity, network figures')
    .action((id: string, _o: unknown, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        return withCase(g, { readonly: true }, async (ctx) => {
          const a = await showActor(ctx, { id });
          present(g, a, () => describe(a));
        });
      }),
    );
}

function describe(a: Awaited<ReturnType<typeof showActor>>): string {
  const aliases =
    (a['aliases'] as Array<{ name: string; firstSeen: string | null; lastSeen: string | null }>) ?? [];
  const media = (a['media'] as Record<string, number> | undefined) ?? {};
  return [
    `${a.id} (${String(a['kind'])})`,
    ...aliases.map((x) => `  name "${x.name}" ${x.firstSeen ?? '?'} … ${x.lastSeen ?? '?'}`),
    `  seen ${String(a['firstSeen'])} … ${String(a['lastSeen'])} in ${a.chats.length} chats`,
    `  messages ${a.messages}; media known ${media['known'] ?? 0}, ignored ${media['ignored'] ?? 0}, new ${media['new'] ?? 0}`,
    `  new clusters originated ${a.newClustersOriginated}; reposts ${String(a['reposts'])}; replies given ${String(a['repliesGiven'])}, received ${String(a['repliesReceived'])}`,
    `  community ${a.community ?? '-'}; pagerank ${(a.pagerank ?? 0).toFixed(5)}; betweenness ${(a.betweenness ?? 0).toFixed(5)}`,
    `  UTC hours ${((a['hourly'] as number[]) ?? []).join(' ')}`,
  ].join('\n');
}
