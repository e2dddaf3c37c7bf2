/** Progress reporting for slow steps (live collection) and checklist steps: an ora spinner on stderr when it is a TTY, otherwise nothing. */
import type { Io } from '../cli/io.js';
import type { CheckStatus } from '../model/diagnosis.js';

export interface Progress {
  /** A new step starts (replaces the spinner text). */
  step(text: string): void;
  /** The current step finished with this status: the spinner line becomes `✔ text` (✖ ⚠ ? –). */
  result(status: CheckStatus, text: string): void;
  /** A non-fatal problem worth telling the user (printed on stderr, never stdout). */
  warn(text: string): void;
  /** Stop the spinner (idempotent). */
  stop(): void;
}

/** The mark shown for each check status, in the spinner line and the text report. */
export const STATUS_SYMBOLS: Readonly<Record<CheckStatus, string>> = {
  pass: '✔',
  fail: '✖',
  warn: '⚠',
  unknown: '?',
  'not-applicable': '–',
};

export const silentProgress: Progress = { step: () => undefined, result: () => undefined, warn: () => undefined, stop: () => undefined };

/** ora and chalk are loaded lazily so offline runs without a TTY never import them. */
export async function spinnerProgress(io: Io): Promise<Progress> {
  if (!io.stderrIsTTY) {
    return { step: () => undefined, result: () => undefined, warn: (text) => io.err(`warning: ${text}\n`), stop: () => undefined };
  }
  const [{ default: ora }, { default: chalk }] = await Promise.all([import('ora'), import('chalk')]);
  const colour: Record<CheckStatus, (text: string) => string> = {
    pass: chalk.green,
    fail: chalk.red,
    warn: chalk.yellow,
    unknown: chalk.blue,
    'not-applicable': chalk.dim,
  };
  const spinner = ora({ stream: process.stderr, discardStdin: false });
  return {
    step: (text) => {
      spinner.text = text;
      if (!spinner.isSpinning) spinner.start();
    },
    result: (status, text) => spinner.stopAndPersist({ symbol: colour[status](STATUS_SYMBOLS[status]), text }),
    warn: (text) => spinner.warn(text),
    stop: () => {
      if (spinner.isSpinning) spinner.stop();
    },
  };
}
