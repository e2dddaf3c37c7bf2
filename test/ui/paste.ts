/** The wizard's first question, the pasted denial: answered with Enter by tests about the other steps. */
import type { Terminal } from './tmux.js';

export const PASTE_PROMPT = /Paste the error message you see \(or press Enter to skip\)/;

export async function skipPaste(t: Terminal): Promise<void> {
  await t.waitFor(PASTE_PROMPT);
  t.send('Enter');
}
