/** Where a command handler writes; the type lives below cli/ so that render, ui and sources need not import cli. */
import type { Io } from '../io.js';

export function processIo(): Io {
  const env = process.env;
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdoutColumns: process.stdout.isTTY ? (process.stdout.columns ?? 0) : 0,
    stderrColumns: process.stderr.isTTY ? (process.stderr.columns ?? 0) : 0,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) && !isCi(env),
    env,
    cwd: process.cwd(),
  };
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}
