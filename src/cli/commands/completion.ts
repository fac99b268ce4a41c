import { Command } from 'commander';
import { runCommand, usage } from '../output.js';
import { COMMANDS } from './index.js';

/** Words completed after a command: its subcommands and its options' long flags. */
function wordsOf(cmd: Command): string[] {
  return [
    ...cmd.commands.map((c) => c.name()),
    ...cmd.options.map((o) => o.long).filter((l): l is string => !!l),
    '--help',
  ];
}

/** A shell word list, safe inside double quotes (command and option names are plain words). */
const list = (words: readonly string[]): string => words.filter((w) => /^[\w-]+$/.test(w)).join(' ');

/** The bash completion script: commands, subcommands and options of every command; files otherwise. */
export async function bashScript(): Promise<string> {
  const program = new Command('vigie').option('--case <dir>').option('--json').option('--anchor-dir <dir>');
  for (const [, load] of COMMANDS) (await load())(program);
  const cases = program.commands.map((c) => {
    const subs = c.commands.map((s) => `      ${c.name()}/${s.name()}) words="${list(wordsOf(s))}" ;;`);
    return [...subs, `      ${c.name()}/*) words="${list(wordsOf(c))}" ;;`].join('\n');
  });
  const globals = ['--case', '--json', '--anchor-dir', '--help', '--version'];
  return `# vigie completion for bash (zsh: \`vigie completion zsh\`). Load it with
#   source <(npx vigie completion bash)      # or save it into /etc/bash_completion.d/vigie
_vigie() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmd="" sub="" words="" i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in
      --case | --anchor-dir) ((i++)) ;;
      -*) ;;
      *) if [[ -z "$cmd" ]]; then cmd="$w"; elif [[ -z "$sub" ]]; then sub="$w"; fi ;;
    esac
  done
  if [[ -z "$cmd" ]]; then
    words="${list(program.commands.map((c) => c.name()))} ${list(globals)}"
  else
    case "$cmd/$sub" in
${cases.join('\n')}
    esac
    words="$words ${list(globals)}"
  fi
  if [[ "$cur" == -* || -z "$cmd" ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur"; compgen -f -- "$cur")
  fi
}
complete -o filenames -F _vigie vigie
`;
}

/** `vigie completion bash|zsh`: print a completion script (zsh loads the bash one through bashcompinit). */
export function registerCompletion(program: Command): void {
  program
    .command('completion <shell>')
    .description('print a completion script for bash or zsh (e.g. source <(npx vigie completion bash))')
    .action((shell: string) =>
      runCommand(async () => {
        if (shell !== 'bash' && shell !== 'zsh') usage(`completion ${shell}: expected bash or zsh`);
        const bash = await bashScript();
        process.stdout.write(
          shell === 'bash'
            ? bash
            : `# vigie completion for zsh: source <(npx vigie completion zsh)\nautoload -U +X bashcompinit && bashcompinit\n${bash}`,
        );
      }),
    );
}
