/**
 * Progress of a sweep over many accounts: on a terminal one redrawn line (bar, done / total, the
 * account being read, ETA); otherwise a plain line per account, so CI logs show where a run is.
 * Always stderr: stdout carries only the result (JSON mode included).
 */
import type { Io } from '../io.js';
import { inertText } from '../render/inert.js';

export interface BarProgress {
  total(count: number): void;
  started(id: string): void;
  /** One account is done; `note` says what went wrong, if anything. */
  finished(id: string, note?: string): void;
  stop(): void;
}

const BAR_WIDTH = 24;

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** `now` is injected (milliseconds) so the ETA arithmetic is testable; the edge passes Date.now. */
export function barProgress(io: Io, what: string, now: () => number, columns: () => number | undefined): BarProgress {
  let total = 0;
  let done = 0;
  let current = '';
  let startedAt = 0;
  const live = io.stderrIsTTY && (columns() ?? 0) > 0;

  const line = (): string => {
    const filled = total === 0 ? 0 : Math.round((BAR_WIDTH * done) / total);
    const elapsed = (now() - startedAt) / 1000;
    const eta = done > 0 && done < total ? ` · ETA ${clock((elapsed / done) * (total - done))}` : '';
    const text = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${what}${current !== '' && done < total ? ` · reading ${current}` : ''}${eta}`;
    const width = columns() ?? text.length + 1;
    return text.length >= width ? text.slice(0, Math.max(0, width - 1)) : text;
  };
  const draw = (): void => {
    if (live) io.err(`\r\u001b[2K${line()}`);
  };

  return {
    total(count) {
      total = count;
      startedAt = now();
      if (!live) io.err(`billing-access: reading ${count} ${what}\n`);
      draw();
    },
    started(id) {
      current = inertText(id);
      draw();
    },
    finished(accountId, message) {
      done++;
      const id = inertText(accountId);
      const note = message !== undefined ? inertText(message) : undefined;
      if (live) {
        if (note !== undefined) io.err(`\r\u001b[2K${id}: ${note}\n`);
        draw();
      } else {
        io.err(`billing-access: ${done}/${total} ${id}${note !== undefined ? `: ${note}` : ''}\n`);
      }
    },
    stop() {
      if (live) io.err('\r\u001b[2K');
    },
  };
}
