/**
 * The one place that turns outcomes into exit codes: ExitErrors print one line (a stack trace only
 * with --debug), anything else is reported as an internal error.
 */
import { ExitError, EXIT } from './errors.js';
import { processIo } from './cli/io.js';
import type { Io } from './io.js';
import { parse } from './cli/program.js';
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
    io.err(`billing-access: ${error.message}\n`);
    if (debug && error.stack) io.err(error.stack + '\n');
    return error.code;
  }
  // @inquirer/prompts throws ExitPromptError when the user presses Ctrl-C at a prompt.
  if (error instanceof Error && error.name === 'ExitPromptError') {
    io.err('\nbilling-access: cancelled\n');
    return EXIT.interrupted;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`billing-access: internal error: ${message}\n`);
  io.err(debug && error instanceof Error && error.stack ? error.stack + '\n' : `Run again with --debug for the stack trace, and please report it${BUGS_URL ? ` at ${BUGS_URL}` : ''}.\n`);
  return EXIT_INTERNAL;
}

/** Used by bin/billing-access.js: runs and exits, the only process.exit in the code. */
export async function run(): Promise<void> {
  process.on('SIGINT', () => {
    // Show the cursor again if a spinner hid it; say why we stop, as a cancelled prompt does.
    process.stderr.write(`${process.stderr.isTTY ? '\x1b[?25h' : ''}\nbilling-access: cancelled\n`);
    process.exit(EXIT.interrupted);
  });
  const code = await main(process.argv);
  // Let stdout drain before exiting (large JSON to a pipe).
  process.stdout.write('', () => process.exit(code));
}
