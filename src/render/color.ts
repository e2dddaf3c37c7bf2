/** Colour decision for text output: NO_COLOR and FORCE_COLOR=0 (also set by --no-color) turn it off, a non-TTY stdout too. */
import { Chalk, supportsColor, type ChalkInstance } from 'chalk';
import type { Io } from '../io.js';

export function colorLevel(io: Pick<Io, 'env' | 'stdoutIsTTY'>): 0 | 1 | 2 | 3 {
  const { NO_COLOR, FORCE_COLOR } = io.env;
  if (NO_COLOR !== undefined && NO_COLOR !== '') return 0;
  if (FORCE_COLOR !== undefined) {
    if (FORCE_COLOR === '0' || FORCE_COLOR === 'false') return 0;
    const n = Number.parseInt(FORCE_COLOR, 10);
    return (Number.isNaN(n) ? 1 : Math.min(Math.max(n, 1), 3)) as 1 | 2 | 3;
  }
  if (!io.stdoutIsTTY) return 0;
  return supportsColor ? supportsColor.level : 1;
}

export function chalkFor(io: Pick<Io, 'env' | 'stdoutIsTTY'>): ChalkInstance {
  return new Chalk({ level: colorLevel(io) });
}
