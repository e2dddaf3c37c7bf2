/**
 * A question whose answer may span lines: an error message pasted from a terminal, where the aws
 * CLI's output wraps. Enter ends the answer once what was typed is valid; a line break that comes
 * inside a paste (the terminal's bracketed paste, or keys that arrive with the Enter in one read)
 * starts a new line instead, and an empty line ends it. Built on @inquirer/core like the other prompts.
 */
import { createPrompt, isEnterKey, useKeypress, usePrefix, useRef, useState, makeTheme } from '@inquirer/core';

export interface PasteConfig {
  message: string;
  validate: (value: string) => true | string;
}

/** xterm's bracketed-paste mode: the terminal marks pasted text, so its line breaks are not Enter. */
export const BRACKETED_PASTE_ON = '\u001b[?2004h';
export const BRACKETED_PASTE_OFF = '\u001b[?2004l';

export const pastePrompt = createPrompt<string, PasteConfig>((config, done) => {
  const theme = makeTheme({});
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [lines, setLines] = useState<string[]>([]);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const prefix = usePrefix({ status, theme });
  const pasting = useRef(false);
  // Keys read since the last Enter: more of them in the same read means the Enter was pasted.
  const keys = useRef(0);

  const finish = (all: string[], rl: { write: (text: string) => void }): void => {
    const text = all.join('\n');
    const valid = config.validate(text);
    if (valid === true) {
      setLines(all);
      setStatus('done');
      done(text);
      return;
    }
    setError(valid);
    // One line goes back for editing, as a one-line input keeps it; several are pasted again.
    setLines([]);
    if (all.length === 1) {
      rl.write(all[0] as string);
      setValue(all[0] as string);
    }
  };

  useKeypress((key, rl) => {
    if (status !== 'idle') return;
    keys.current += 1;
    if (key.name === 'paste-start' || key.name === 'paste-end') {
      pasting.current = key.name === 'paste-start';
      return;
    }
    if (!isEnterKey(key)) {
      setValue(rl.line);
      setError(undefined);
      return;
    }
    // readline has ended the line already: `value` is what it held.
    if (value === '') {
      finish(lines, rl);
      return;
    }
    const all = [...lines, value];
    setValue('');
    setLines(all);
    if (pasting.current) return;
    const seen = keys.current;
    setImmediate(() => {
      if (keys.current === seen && rl.line === '') finish(all, rl);
    });
  });

  const message = theme.style.message(config.message, status);
  if (status === 'done') {
    const shown = lines.join(' ').replace(/\s+/g, ' ').trim();
    return `${prefix} ${message} ${theme.style.answer(shown.length > 60 ? `${shown.slice(0, 59)}…` : shown)}`;
  }
  const hint = lines.length > 0 ? theme.style.help(' (an empty line ends it)') : '';
  const body = lines.length > 0 ? `\n${lines.map((l) => `  ${l}`).join('\n')}\n  ${value}` : ` ${value}`;
  return [`${prefix} ${message}${hint}${body}`, error ? theme.style.error(error) : ''];
});
