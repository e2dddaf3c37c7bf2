/**
 * Reading JSON files given on the command line: one line naming the file, with line and column
 * (the engine's reader, which also records repeated keys for the policy reader to refuse).
 */
import { usageError } from '../errors.js';
import { parseJson, type JsonSyntaxError } from '../engine/json.js';

export type { JsonSyntaxError };

/** The first syntax error in `text`, or undefined if it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  return parseJson(text).error;
}

/**
 * Parses JSON with a one-line usage error naming `label` (a file, or a flag and its file) and giving
 * line and column. `expected` says what the file should hold, for the empty-file message.
 */
export function parseJsonText(text: string, label: string, expected = 'a snapshot (JSON)'): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw usageError(`${label}: the file is empty; expected ${expected}`);
  const parsed = parseJson(body);
  if (parsed.error) throw usageError(`${label}: invalid JSON at line ${parsed.error.line}, column ${parsed.error.column}: ${parsed.error.message}`);
  return parsed.value;
}
