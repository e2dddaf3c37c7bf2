/** Where a command handler writes and what it knows about its terminal; injected so tests can capture it. */
export interface Io {
  /** Write to stdout (the result: JSON, text report). */
  out(text: string): void;
  /** Write to stderr (progress, warnings). */
  err(text: string): void;
  /** stdout is a terminal (colour, layout). */
  stdoutIsTTY: boolean;
  /** stderr is a terminal (spinners). */
  stderrIsTTY: boolean;
  /** Columns the stdout / stderr terminal reports; 0 or absent when it reports none (a spinner needs a width). */
  stdoutColumns?: number;
  stderrColumns?: number;
  /** Prompts are allowed: stdin and stdout are terminals and CI is not set. */
  interactive: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}
