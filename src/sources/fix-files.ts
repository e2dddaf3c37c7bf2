/**
 * `doctor --write-fixes DIR`: the corrected documents the fix steps name, one file each, through
 * the one safe writer (mode 0600, never through a symbolic link, over an existing file only with --force).
 */
import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { usageError } from '../errors.js';
import type { Io } from '../io.js';
import { prepareOutput } from './output-file.js';

/** Before any work: DIR is a directory or can be made one (a file of that name is a usage error). */
export async function checkFixDirectory(dir: string, cwd: string): Promise<void> {
  const found = await stat(resolve(cwd, dir)).catch(() => undefined);
  if (found && !found.isDirectory()) throw usageError(`--write-fixes ${dir}: is not a directory`);
}

/** Writes every document; returns the paths written, as given (DIR/NAME). Nothing is written when one name is taken. */
export async function writeFixes(dir: string, documents: ReadonlyMap<string, unknown>, io: Io, force = false): Promise<string[]> {
  if (documents.size === 0) return [];
  await mkdir(resolve(io.cwd, dir), { recursive: true, mode: 0o700 }).catch((error: unknown) => {
    throw usageError(`--write-fixes ${dir}: cannot create the directory (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  });
  // Every destination is checked (and its temporary file opened) before the first is written.
  const outputs = [];
  try {
    for (const name of documents.keys()) {
      outputs.push(await prepareOutput({ flag: '--write-fixes', path: join(dir, name), cwd: io.cwd, force, what: 'the corrected document' }));
    }
  } catch (error) {
    await Promise.all(outputs.map((o) => o.discard()));
    throw error;
  }
  const texts = [...documents.values()].map((document) => JSON.stringify(document, null, 2) + '\n');
  for (const [i, output] of outputs.entries()) await output.write(texts[i] ?? '', io);
  return outputs.map((o) => o.shown);
}
