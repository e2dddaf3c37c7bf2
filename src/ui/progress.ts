/**
 * Progress reporting for slow steps (live collection): an ora spinner on stderr when it is a
 * terminal with a width, otherwise nothing. A terminal that reports 0 columns (a pty nobody sized,
 * `script -qec … /dev/null`) gets no spinner: ora divides by its width and would redraw forever.
 */
import type { Io } from '../io.js';
import { inertText } from '../render/inert.js';

export interface Progress {
  /** A new step starts (replaces the spinner text). */
  step(text: string): void;
  /** A non-fatal problem worth telling the user (printed on stderr, never stdout). */
  warn(text: string): void;
  /** Stop the spinner (idempotent). */
  stop(): void;
}

export const silentProgress: Progress = { step: () => undefined, warn: () => undefined, stop: () => undefined };

/** ora is loaded lazily so offline runs without a TTY never import it. */
export async function spinnerProgress(io: Io): Promise<Progress> {
  if (!io.stderrIsTTY || !((io.stderrColumns ?? 0) > 0)) {
    return { step: () => undefined, warn: (text) => io.err(`warning: ${inertText(text)}\n`), stop: () => undefined };
  }
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: process.stderr, discardStdin: false });
  return {
    step: (text) => {
      spinner.text = inertText(text);
      if (!spinner.isSpinning) spinner.start();
    },
    warn: (text) => spinner.warn(inertText(text)),
    stop: () => {
      if (spinner.isSpinning) spinner.stop();
    },
  };
}
