/** `billing-access completion bash|zsh|fish`: prints the completion script for that shell. */
import type { Io } from '../../io.js';
import { EXIT } from '../../errors.js';
import { completionScript, type Shell } from '../completion.js';

export async function completion(options: Record<string, unknown>, io: Io): Promise<number> {
  io.out(completionScript(options.shell as Shell));
  return EXIT.ok;
}
