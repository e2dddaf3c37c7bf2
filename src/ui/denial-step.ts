/**
 * The wizard's first question (design section 8): the denial the person sees. A pasted message
 * becomes `--error`, so the diagnosis starts from the principal and actions it names, and the page
 * question is skipped when it names actions. Self-contained: one question, through the Prompter.
 */
import { parseDenialText } from '../denial/message.js';
import type { Prompter } from './prompter.js';

export const PASTE_QUESTION = 'Paste the error message you see (or press Enter to skip):';

/** Accepts nothing (skip) or text that holds an access-denied message; anything else says what is expected. */
export function validateDenial(value: string): true | string {
  if (value.trim() === '' || parseDenialText(value).length > 0) return true;
  return 'That is not an AWS access-denied message: paste text such as "User: arn:… is not authorized to perform: …" or "You don\'t have permission to …", or press Enter to skip.';
}

/** The doctor flags that give a denial or its source (cli/options.ts DoctorOptions has them). */
export interface DenialFlags {
  error?: string;
  errorFile?: string;
  cloudtrailEvent?: string;
  recentDenials?: boolean;
}

/** Asks for the message unless a flag already gave the denial (or its source). */
export async function askDenial<T extends DenialFlags>(options: T, prompter: Prompter): Promise<T> {
  if (options.error !== undefined || options.errorFile !== undefined || options.cloudtrailEvent !== undefined || options.recentDenials) return options;
  // CLI output wraps: a message pasted over several lines is one answer.
  const text = (await prompter.input(PASTE_QUESTION, { validate: validateDenial, multiline: true })).trim();
  return text === '' ? options : { ...options, error: text };
}
