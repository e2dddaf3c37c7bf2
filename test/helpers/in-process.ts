/**
 * The program's entry, main() of src/index.ts (what bin/billing-access.js runs, through run()),
 * called in this process with the Io a piped run of the bin has: no terminal, no prompts, the
 * environment runCli gives. For table-driven cases, where a process per case costs far more than
 * the case; each such table still spawns some of its cases through the built bin (runCli).
 */
import { main } from '../../src/index.js';
import type { Io } from '../../src/io.js';
import { BIN, ROOT, type RunResult } from './run.js';

export async function runMain(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdoutColumns: 0,
    stderrColumns: 0,
    interactive: false,
    env: { ...process.env, NO_COLOR: '1', CI: 'true', ...options.env },
    cwd: options.cwd ?? ROOT,
  };
  const code = await main([process.execPath, BIN, ...args], io);
  return { code, stdout, stderr };
}
