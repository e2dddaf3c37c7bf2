/**
 * The real Prompter: @inquirer/prompts, imported only when a question is actually asked so that
 * non-interactive runs never load it. Ctrl-C makes inquirer throw ExitPromptError, which
 * src/index.ts turns into exit 130 after inquirer has restored the terminal.
 */
import type { Choice, Prompter } from './prompter.js';

/** Streams the prompts read from and draw on (tests pass their own). */
export interface PromptStreams {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/** Keeps long lists (principals, console pages) to one screen. */
const PAGE_SIZE = 12;

/** Case-insensitive match of every typed word against a choice's name and description. */
export function matchesSearch(choice: Choice<unknown>, term: string | undefined): boolean {
  const words = (term ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const text = `${choice.name} ${choice.description ?? ''}`.toLowerCase();
  return words.every((word) => text.includes(word));
}

export function inquirerPrompter(streams?: PromptStreams): Prompter {
  // Prompts draw on stderr when it is a terminal, so stdout keeps only the result (JSON mode).
  const context = streams ?? { output: process.stderr.isTTY ? process.stderr : process.stdout };
  const load = () => import('@inquirer/prompts');
  return {
    async select(message, choices, options) {
      const { select } = await load();
      return select({ message, choices, default: options?.default, pageSize: PAGE_SIZE }, context);
    },
    async search(message, choices) {
      const { search } = await load();
      for (;;) {
        let shown = choices;
        const value = await search({ message, pageSize: PAGE_SIZE, source: (term) => (shown = choices.filter((c) => matchesSearch(c, term))) }, context);
        // Enter read with the text before it (a paste, a busy terminal) acts on the list as it was
        // before the text filtered it, while the screen shows the first match: that is the answer.
        if (shown.some((c) => c.value === value)) return value;
        if (shown[0]) return shown[0].value;
        // Nothing matches what was typed: ask again rather than take a choice nobody saw.
      }
    },
    async checkbox(message, choices, options) {
      const { checkbox } = await load();
      const defaults = options?.defaults ?? [];
      return checkbox(
        { message, pageSize: PAGE_SIZE, choices: choices.map((c) => ({ ...c, checked: defaults.includes(c.value) })) },
        context,
      );
    },
    async input(message, options) {
      if (options?.multiline) {
        const { pastePrompt, BRACKETED_PASTE_ON, BRACKETED_PASTE_OFF } = await import('./paste-prompt.js');
        const output = context.output as NodeJS.WriteStream | undefined;
        // The terminal marks a paste only when asked to, and must be told to stop whatever happens.
        const tty = output?.isTTY === true;
        if (tty) output.write(BRACKETED_PASTE_ON);
        try {
          return await pastePrompt({ message, validate: options.validate ?? (() => true) }, context);
        } finally {
          if (tty) output.write(BRACKETED_PASTE_OFF);
        }
      }
      const { input } = await load();
      return input({ message, default: options?.default, validate: options?.validate }, context);
    },
    async confirm(message, options) {
      const { confirm } = await load();
      return confirm({ message, default: options?.default }, context);
    },
  };
}
