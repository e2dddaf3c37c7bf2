/** Exit codes shared by every command (design section 2). */
export const EXIT = {
  /** Access allowed / no drift. */
  ok: 0,
  /** Access denied / drift found. */
  denied: 1,
  /** Usage, input or credential error. */
  usage: 2,
  /** Inconclusive: some check could not be decided. */
  inconclusive: 3,
  /** Interrupted by Ctrl-C (128 + SIGINT). */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15). */
  terminated: 143,
} as const;

/** A failure the user caused (bad flag, bad file, bad credentials): one line, no stack trace. */
export class ExitError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.usage,
  ) {
    super(message);
    this.name = 'ExitError';
  }
}

/** Shorthand for the common case: bad input, exit 2. */
export function usageError(message: string): ExitError {
  return new ExitError(message, EXIT.usage);
}
