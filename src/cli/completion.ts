/**
 * Shell completion scripts, generated from the declarations in spec.ts (commands, their options,
 * the allowed values of each), so they never drift from `--help`.
 */
import { TASK_IDS } from '../model/catalogue.js';
import { COMMANDS, GLOBAL_OPTIONS, type OptionSpec } from './spec.js';

// Page ids come from the catalogue, loaded here rather than by spec.ts (every command's start-up).
const TASK_VALUES = [...TASK_IDS, 'all'];

/** Shells `billing-access completion` writes a script for. */
export type Shell = 'bash' | 'zsh' | 'fish';

interface Flag {
  long: string;
  short?: string;
  takesValue: boolean;
  /** Values to offer: the option's choices, or the values its handler accepts. */
  choices: readonly string[];
  description: string;
}

function flagOf(spec: OptionSpec): Flag {
  const long = /--[\w-]+/.exec(spec.flags)?.[0] ?? spec.flags;
  const short = /(^|\s)(-\w)\b/.exec(spec.flags)?.[2];
  return { long, ...(short ? { short } : {}), takesValue: spec.flags.includes('<'), choices: spec.choices ?? spec.values ?? (long === '--task' ? TASK_VALUES : []), description: spec.description };
}

const NAMES = [...COMMANDS.map((c) => c.name), 'help'];
const flagsOf = (options: readonly OptionSpec[]): Flag[] => [...options, ...GLOBAL_OPTIONS].map(flagOf);
// Always quoted (unlike model/shell.ts's shellWord): a word list is one argument to compgen or complete.
const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

function bash(): string {
  const cases = COMMANDS.map((c) => {
    const flags = flagsOf(c.options);
    const values = flags
      .filter((f) => f.takesValue)
      .map((f) => `      ${[f.long, f.short].filter(Boolean).join('|')}) ${f.choices.length > 0 ? `COMPREPLY=($(compgen -W ${quote(f.choices.join(' '))} -- "$cur"))` : 'COMPREPLY=($(compgen -f -- "$cur"))'}; return ;;`);
    const words = [...(c.argChoices ?? []), ...flags.flatMap((f) => [f.long, ...(f.short ? [f.short] : [])])].join(' ');
    return [`    ${c.name})`, '      case "$prev" in', ...values, '      esac', `      COMPREPLY=($(compgen -W ${quote(words)} -- "$cur")) ;;`].join('\n');
  });
  return [
    '# billing-access completion for bash: eval "$(billing-access completion bash)"',
    '_billing_access() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  if [ "$COMP_CWORD" -eq 1 ]; then',
    `    COMPREPLY=($(compgen -W ${quote(NAMES.join(' '))} -- "$cur"))`,
    '    return',
    '  fi',
    '  case "${COMP_WORDS[1]}" in',
    ...cases,
    `    help) COMPREPLY=($(compgen -W ${quote([...COMMANDS.map((c) => c.name), '--man'].join(' '))} -- "$cur")) ;;`,
    '  esac',
    '}',
    'complete -F _billing_access billing-access',
    '',
  ].join('\n');
}

function zsh(): string {
  // zsh runs the bash function through its bash-completion layer, which every zsh ships.
  return ['#compdef billing-access', '# billing-access completion for zsh: eval "$(billing-access completion zsh)"', 'autoload -U +X bashcompinit && bashcompinit', bash().split('\n').slice(1).join('\n')].join('\n');
}

function fish(): string {
  const lines = ['# billing-access completion for fish: billing-access completion fish | source', 'complete -c billing-access -f'];
  for (const c of COMMANDS) lines.push(`complete -c billing-access -n __fish_use_subcommand -a ${c.name} -d ${quote(c.summary)}`);
  lines.push(`complete -c billing-access -n __fish_use_subcommand -a help -d 'show help for a command'`);
  for (const c of COMMANDS) {
    for (const f of flagsOf(c.options)) {
      const parts = [`complete -c billing-access -n ${quote(`__fish_seen_subcommand_from ${c.name}`)}`, `-l ${f.long.slice(2)}`];
      if (f.short) parts.push(`-s ${f.short.slice(1)}`);
      if (f.takesValue) parts.push(f.choices.length > 0 ? `-x -a ${quote(f.choices.join(' '))}` : '-r -F');
      parts.push(`-d ${quote(f.description)}`);
      lines.push(parts.join(' '));
    }
  }
  for (const c of COMMANDS.filter((x) => x.argChoices)) {
    lines.push(`complete -c billing-access -n ${quote(`__fish_seen_subcommand_from ${c.name}`)} -x -a ${quote((c.argChoices ?? []).join(' '))}`);
  }
  return lines.join('\n') + '\n';
}

export function completionScript(shell: Shell): string {
  return shell === 'bash' ? bash() : shell === 'zsh' ? zsh() : fish();
}
