import type { Command, Help } from 'commander';

/** One line of the top-level help: the command's name, its arguments as typed, a one-line summary. */
export type CommandSummary = readonly [name: string, args: string, summary: string];

/**
 * The top-level help in pipeline order, by group (issue 17). `vigie --help` is printed from this table alone, so it
 * loads no command module; a command missing here still works and is listed last (its module is then loaded).
 */
export const HELP_GROUPS: ReadonlyArray<readonly [heading: string, commands: readonly CommandSummary[]]> = [
  [
    'Build a case:',
    [
      ['init', '[dir]', 'create a new case folder'],
      ['demo', '', 'a synthetic case, analysed and served'],
      ['import', '<paths...>', 'import Telegram Desktop exports'],
      ['returns', '', 'legal-process returns: add, list'],
      ['hashlist', '', 'hash lists: add, list, remove'],
      ['hash', '', 'hash the media not hashed yet'],
      ['match', '', 'match media against every hash list'],
      ['analyse', '', 'cluster, trace, profile, attribute, score'],
      ['run', '<paths...>', 'import, hash, match and analyse in one go'],
      ['link', '<htmlChatId> <chatId>', 'tie an HTML-imported chat to its JSON twin'],
      ['source', '', 'label a source: source label SOURCE LABEL'],
    ],
  ],
  [
    'Look at it:',
    [
      ['stats', '', 'figures of the case'],
      ['sources', '', 'imported exports and returns, with labels'],
      ['chats', '', 'the chats of the case'],
      ['media', '[sha256]', 'media and matches; one media: why'],
      ['clusters', '', 'clusters of media by spread (new content)'],
      ['actors', '', 'actors by score, with country'],
      ['actor', '<id>', 'one actor: names, attribution, factors'],
      ['attribution', '', 'attribution report: precision, coverage, calibration'],
      ['targets', '', 'targets ranked by triage score'],
      ['search', '[query]', 'search messages, names, titles'],
      ['graph', '', 'the actor network for Gephi'],
      ['issues', '', 'problems recorded, item by item'],
      ['runs', '', 'pipeline runs'],
      ['audit', '', 'the audit trail: who did what, when'],
    ],
  ],
  [
    'Decide and refer:',
    [
      ['target', '<actor>', 'accept or reject a target'],
      ['refer', '[actors...]', 'a signed referral package'],
      ['referrals', '', 'the referral packages sent'],
      ['verify', '[package]', 'check the case (or a package)'],
    ],
  ],
  [
    'Serve and administer:',
    [
      ['serve', '', 'serve the workbench'],
      ['users', '', 'people who may sign in to the workbench'],
      ['keys', '', "the unit's signing keys"],
      ['case', '', 'copy a case'],
      ['worker', '', 'hash queued jobs (PostgreSQL)'],
      ['jobs', '', 'the hashing queue (PostgreSQL)'],
      ['gc', '', 'remove unreferenced evidence'],
    ],
  ],
  [
    'Tools:',
    [
      ['pdq', '<files...>', 'PDQ-hash image files'],
      ['vpdq', '<files...>', 'vPDQ-hash video files'],
      ['completion', '<shell>', 'bash or zsh completion script'],
    ],
  ],
];

/** The heading of a command in the top-level help (its group), or undefined. */
export function headingOf(name: string): string | undefined {
  return HELP_GROUPS.find(([, list]) => list.some(([n]) => n === name))?.[0];
}

/** Help settings for every command: the global options shown in each subcommand's help, terms without `[options]`. */
export const HELP_CONFIG: Partial<Help> = {
  showGlobalOptions: true,
  subcommandTerm: (cmd: Command): string =>
    [
      cmd.name(),
      ...cmd.registeredArguments.map((a) => {
        const name = a.name() + (a.variadic ? '...' : '');
        return a.required ? `<${name}>` : `[${name}]`;
      }),
    ].join(' '),
};

/** Register a placeholder for each summarised command (for the top-level help and for misspelt commands). */
export function registerSummaries(program: Command): void {
  for (const [heading, list] of HELP_GROUPS)
    for (const [name, args, summary] of list) {
      const cmd = program.command(name).summary(summary).helpGroup(heading);
      if (args) cmd.arguments(args);
    }
}
