/**
 * The one place that turns outcomes into exit codes: ExitErrors print one line (a stack trace only
 * with --debug), anything else is reported as an internal error.
 */
import { ExitError, EXIT } from './errors.js';
import { processIo } from './cli/io.js';
import type { Io } from './io.js';
import { parse } from './cli/program.js';
import { inertText } from './render/inert.js';
import { BUGS_URL } from './version.js';

/** Exit code for a bug in billing-access itself (EX_SOFTWARE), distinct from the documented 0–3. */
export const EXIT_INTERNAL = 70;

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const parsed = await parse(argv, io);
    if (parsed.kind === 'exit') return parsed.code;
    if (parsed.options.color === false) process.env.FORCE_COLOR = '0';
    const handler = await parsed.spec.handler();
    return await handler(parsed.options, io);
  } catch (error) {
    return report(error, io, debug);
  }
}

function report(error: unknown, io: Io, debug: boolean): number {
  if (error instanceof ExitError) {
    io.err(`billing-access: ${inertText(error.message)}\n`);
    if (debug && error.stack) io.err(error.stack + '\n');
    return error.code;
  }
  // @inquirer/prompts throws ExitPromptError when the user presses Ctrl-C at a prompt.
  if (error instanceof Error && error.name === 'ExitPromptError') {
    io.err('\nbilling-access: cancelled\n');
    return EXIT.interrupted;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`billing-access: internal error: ${inertText(message)}\n`);
  io.err(debug && error instanceof Error && error.stack ? error.stack + '\n' : `Run again with --debug for the stack trace, and please report it${BUGS_URL ? ` at ${BUGS_URL}` : ''}.\n`);
  return EXIT_INTERNAL;
}

/** Gives the terminal back as it was: the cursor a spinner hid, the line mode a prompt turned off. */
function restoreTerminal(): void {
  if (process.stdin.isTTY && process.stdin.isRaw) process.stdin.setRawMode(false);
  if (process.stderr.isTTY) process.stderr.write('\x1b[?25h');
}

/** Used by bin/billing-access.js: runs and exits, the only process.exit in the code. */
export async function run(): Promise<void> {
  // Ctrl-C and SIGTERM always end the run, whatever it is waiting for, with the conventional code.
  const stop = (code: number, word: string) => (): void => {
    restoreTerminal();
    process.stderr.write(`\nbilling-access: ${word}\n`);
    process.exit(code);
  };
  process.on('SIGINT', stop(EXIT.interrupted, 'cancelled'));
  process.on('SIGTERM', stop(EXIT.terminated, 'terminated'));
  const code = await main(process.argv);
  // Let stdout drain before exiting (large JSON to a pipe).
  process.stdout.write('', () => process.exit(code));
}
