/**
 * Wrapping prose to the terminal: at spaces only (an ARN or a policy name is never split), the
 * continuation lines indented under the text they continue. Only on a terminal: piped text and
 * JSON keep one line per item, as scripts and `grep` expect.
 */
import type { Io } from '../io.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** How text output is laid out: the terminal width to wrap at (absent: one line per item). */
export interface TextLayout {
  width?: number;
}

/** Columns a string takes on screen: colour codes take none. */
export function visibleLength(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

/** The width to wrap at: the terminal's, when stdout is one; `undefined` (do not wrap) otherwise. */
export function wrapWidth(io: Pick<Io, 'stdoutIsTTY' | 'stdoutColumns'>): number | undefined {
  return io.stdoutIsTTY && io.stdoutColumns !== undefined && io.stdoutColumns >= 40 ? io.stdoutColumns : undefined;
}

/**
 * One line wrapped to `width` columns; continuation lines start with `hang` spaces. A word longer
 * than the room left is kept whole on its own line. Without a width the line is returned as is.
 */
export function wrapLine(line: string, width: number | undefined, hang: number): string {
  if (width === undefined || visibleLength(line) <= width) return line;
  const lead = /^ */.exec(line)?.[0] ?? '';
  const words = line.slice(lead.length).split(' ');
  const pad = ' '.repeat(Math.min(hang, Math.floor(width / 2)));
  const lines: string[] = [];
  let current = lead;
  let used = lead.length;
  for (const word of words) {
    const size = visibleLength(word);
    const fresh = current === lead || current === pad;
    if (!fresh && used + 1 + size > width) {
      lines.push(current);
      current = pad + word;
      used = pad.length + size;
    } else {
      current += (fresh ? '' : ' ') + word;
      used += (fresh ? 0 : 1) + size;
    }
  }
  lines.push(current);
  return lines.join('\n');
}
