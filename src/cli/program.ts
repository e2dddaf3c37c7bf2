/** Builds the commander program from the declarations in spec.ts; nothing here knows a command's logic. */
import { fileURLToPath } from 'node:url';
import { Argument, Command, CommanderError, Option } from 'commander';
import { ExitError, EXIT } from '../errors.js';
import type { Io } from '../io.js';
import { COMMANDS, GLOBAL_OPTIONS, type CommandSpec, type OptionSpec } from './spec.js';
import { didYouMean } from '../model/suggest.js';
import { MAN_PAGE } from '../package-files.js';
import { VERSION } from '../version.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
const collectList = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  ...value.split(',').map((v) => v.trim()).filter((v) => v !== ''),
];

/** `--cross-check` → `crossCheck`, the name commander's conflicts() expects. */
const attributeOf = (long: string): string => long.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function toOption(spec: OptionSpec): Option {
  const option = new Option(spec.flags, spec.description);
  if (spec.choices) option.choices(spec.choices);
  if (spec.list) option.argParser(collectList);
  else if (spec.repeatable) option.argParser(collect);
  if (spec.conflicts) option.conflicts(spec.conflicts.map(attributeOf));
  if (spec.default !== undefined && !spec.flags.startsWith('--no-')) option.default(spec.default);
  return option;
}

/** The outcome of parsing: which command to run with which options, or an exit code (help, version). */
export type Parsed =
  | { kind: 'run'; spec: CommandSpec; options: Record<string, unknown> }
  | { kind: 'exit'; code: number };

export function buildProgram(io: Io, onRun: (spec: CommandSpec, options: Record<string, unknown>) => void): Command {
  const program = new Command('billing-access')
    .description('Find out why someone cannot open the AWS Billing and Cost Management console, and how to fix it.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      // Errors are re-thrown as ExitError and printed once, on one line, by index.ts.
      outputError: () => undefined,
    });
  for (const spec of GLOBAL_OPTIONS) program.addOption(toOption(spec));
  program.addHelpText(
    'after',
    '\nExit codes: 0 allowed / no drift, 1 denied / drift, 2 usage or input error, 3 inconclusive.\nRun `billing-access help <command>` for a command\'s options and examples; `billing-access help --man` for where the manual is.',
  );

  for (const spec of COMMANDS) {
    const command = program
      .command(spec.name)
      .summary(spec.summary)
      .description(spec.description)
      .exitOverride()
      .showSuggestionAfterError(true)
      .configureOutput({ writeOut: (t) => io.out(t), writeErr: (t) => io.err(t), outputError: () => undefined });
    for (const option of spec.options) command.addOption(toOption(option));
    if (spec.args) {
      const argument = new Argument(spec.args);
      if (spec.argChoices) argument.choices(spec.argChoices);
      command.addArgument(argument);
    }
    if (spec.examples.length > 0) {
      command.addHelpText('after', '\nExamples:\n' + spec.examples.map((e) => `  $ ${e.command}\n      ${e.text}`).join('\n'));
    }
    command.action((...params: unknown[]) => {
      const cmd = params.at(-1) as Command;
      const positional = spec.args ? { [spec.args.replace(/[<>[\]]/g, '')]: params[0] } : {};
      const options: Record<string, unknown> = { ...program.opts(), ...cmd.opts(), ...positional };
      for (const option of spec.options.filter((o) => o.required)) {
        const declared = cmd.options.find((o) => o.flags === option.flags);
        if (declared && options[declared.attributeName()] === undefined) {
          throw new ExitError(`${declared.long} is required (see 'billing-access ${spec.name} --help')`, EXIT.usage);
        }
      }
      for (const group of spec.exactlyOne ?? []) {
        const given = group.filter((flag) => {
          const declared = cmd.options.find((o) => o.long === flag);
          return declared !== undefined && options[declared.attributeName()] !== undefined;
        });
        if (given.length !== 1) {
          const list = `${group.slice(0, -1).join(', ')} or ${group[group.length - 1]}`;
          const problem = given.length === 0 ? `one of ${list} is required` : `${given.join(' and ')} cannot be used together (give one of ${list})`;
          throw new ExitError(`${problem} (see 'billing-access ${spec.name} --help')`, EXIT.usage);
        }
      }
      if (options.json) options.format = 'json';
      delete options.json;
      onRun(spec, options);
    });
  }
  return program;
}

/** Parses argv (as process.argv: node, script, ...args). Commander errors become one-line ExitErrors. */
export async function parse(argv: string[], io: Io): Promise<Parsed> {
  let chosen: Parsed | undefined;
  const program = buildProgram(io, (spec, options) => {
    chosen = { kind: 'run', spec, options };
  });
  if (argv.length <= 2) {
    program.outputHelp();
    return { kind: 'exit', code: EXIT.ok };
  }
  const [first, topic] = argv.slice(2);
  // npm installs the man page with the package, but `man billing-access` finds it only for a global install.
  if (first === 'help' && topic === '--man') {
    const page = fileURLToPath(MAN_PAGE);
    io.out(`${page}\nRead it with: man ${page}\n`);
    return { kind: 'exit', code: EXIT.ok };
  }
  // Commander prints the top help (exit 0) for `help <anything>`; an unknown topic is a usage error.
  if (first === 'help' && topic !== undefined && !topic.startsWith('-') && !COMMANDS.some((c) => c.name === topic)) {
    const names = [...COMMANDS.map((c) => c.name), 'help'];
    throw new ExitError(`help ${topic}: unknown command${didYouMean(topic, names)}; commands: ${names.join(', ')}`, EXIT.usage);
  }
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return { kind: 'exit', code: EXIT.ok };
    }
    const command = COMMANDS.find((c) => c.name === argv[2]);
    const help = command ? `billing-access ${command.name} --help` : 'billing-access --help';
    throw new ExitError(`${oneLine(error.message)} (see '${help}')`, EXIT.usage);
  }
  return chosen ?? { kind: 'exit', code: EXIT.ok };
}

function oneLine(message: string): string {
  return message
    .replace(/^error: /, '')
    .replace('(Did you mean', '(did you mean')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}
