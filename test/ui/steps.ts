/** Wizard steps the pseudo-terminal tests share: the first question, answers, and the way out. */
import type { Terminal } from './tmux.js';

/** The wizard's first question, the pasted denial. */
export const PASTE_PROMPT = /Paste the error message you see \(or press Enter to skip\)/;

/** Answers the paste step with Enter, for tests about the other steps. */
export async function skipPaste(t: Terminal): Promise<void> {
  await t.waitFor(PASTE_PROMPT);
  t.send('Enter');
}

/** Waits for a yes/no or input prompt, types the answer and presses Enter. */
export async function answer(t: Terminal, prompt: RegExp, text: string, timeoutMs?: number): Promise<void> {
  await t.waitFor(prompt, timeoutMs);
  t.type(text);
  t.send('Enter');
}

/** Declines the full evidence (the last offer) and returns the exit status. */
export async function declineEvidence(t: Terminal): Promise<number | null> {
  await answer(t, /Show the full evidence\?/, 'n');
  return t.exitStatus();
}

/** Declines both offers after the diagnosis (report, evidence) and returns the exit status. */
export async function declineOffers(t: Terminal): Promise<number | null> {
  await answer(t, /Save a Markdown report\?/, 'n');
  return declineEvidence(t);
}
