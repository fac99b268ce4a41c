import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { showActor } from '../../app/show-actor.js';
import { markOwnAccount } from '../../app/mark-own-account.js';
import { present, runCommand, type GlobalOptions } from '../output.js';

/** `vigie actor ID`: one actor's full profile. */
export function registerActor(program: Command): void {
  program
    .command('actor <id>')
    .description('show one actor: aliases, chats, media by status, replies, activity, network figures')
    .option('--undercover', "mark one of the case's own (collecting) accounts: never a target (audited)")
    .option('--not-undercover', 'withdraw that mark (audited)')
    .option('--reason <text>', 'why (kept with the mark)')
    .action(
      (id: string, o: { undercover?: boolean; notUndercover?: boolean; reason?: string }, cmd: Command) =>
        runCommand(async () => {
          const g = cmd.optsWithGlobals<GlobalOptions>();
          if (o.undercover || o.notUndercover)
            return withCase(g, {}, async (ctx) => {
              const r = await markOwnAccount(ctx, {
                actor: id,
                undercover: !!o.undercover,
                reason: o.reason,
              });
              present(
                g,
                r,
                () =>
                  `${r.actor}: ${r.undercover ? 'marked as an own (undercover) account' : 'own-account mark withdrawn'} (audit #${r.auditSeq}); run vigie analyse to update targets and the network`,
              );
            });
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
    `${a.id} (${String(a['kind'])})${a['undercover'] ? ' [own undercover account]' : ''}`,
    ...aliases.map((x) => `  name "${x.name}" ${x.firstSeen ?? '?'} … ${x.lastSeen ?? '?'}`),
    `  seen ${String(a['firstSeen'])} … ${String(a['lastSeen'])} in ${a.chats.length} chats`,
    `  messages ${a.messages}; media known ${media['known'] ?? 0}, ignored ${media['ignored'] ?? 0}, new ${media['new'] ?? 0}`,
    `  new clusters originated ${a.newClustersOriginated}; reposts ${String(a['reposts'])}; replies given ${String(a['repliesGiven'])}, received ${String(a['repliesReceived'])}`,
    `  community ${a.community ?? '-'}; pagerank ${(a.pagerank ?? 0).toFixed(5)}; betweenness ${(a.betweenness ?? 0).toFixed(5)}`,
    `  UTC hours ${((a['hourly'] as number[]) ?? []).join(' ')}`,
  ].join('\n');
}
