/** Reading a file the user named: any failure is one line naming the file, never a stack trace. */
import { readFile } from 'node:fs/promises';
import { usageError } from '../errors.js';

/** The Node system error code of a failed file operation (`ENOENT`, `EACCES`, …), if it has one. */
export function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/**
 * A text file's content; a missing or unreadable file is a usage error naming it as `shown` (the
 * path as given, with its flag), with the full path when that is not what was given; `what` it should be.
 */
export async function readText(fullPath: string, shown: string, what: string): Promise<string> {
  try {
    return await readFile(fullPath, 'utf8');
  } catch (error) {
    const code = errnoCode(error);
    const where = shown.endsWith(fullPath) ? '' : ` (${fullPath})`;
    if (code === 'ENOENT') throw usageError(`${shown}: file not found${where}`);
    if (code === 'EISDIR') throw usageError(`${shown}: is a directory, not ${what}`);
    if (code === 'EACCES' || code === 'EPERM') throw usageError(`${shown}: permission denied; cannot read the file`);
    throw usageError(`${shown}: cannot read the file (${code ?? (error instanceof Error ? error.message : String(error))})`);
  }
}
