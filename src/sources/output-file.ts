/**
 * The one way billing-access writes a file it was asked to write (`snapshot -o`, `doctor --report`,
 * and later `--write-fixes`, `--out-dir`). `prepareOutput` runs before any work or AWS call and
 * refuses what would be unsafe or lost: a symbolic link (dangling or not: never followed), a
 * directory or a name ending in `/`, an existing file without --force, a directory it cannot
 * write in. It opens the temporary file right away, in the target's directory (same filesystem),
 * mode 0600, so a read-only directory fails before the work, not after it. `write` fills it and
 * moves it into place atomically: readers never see half a file, and without --force an existing
 * file is never replaced (a hard link fails if the name appeared meanwhile). Temporary files are
 * removed when the process exits, whether normally, on an error or on SIGINT/SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { unlinkSync, type Stats } from 'node:fs';
import { link, lstat, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, resolve, sep } from 'node:path';
import { ExitError, usageError } from '../errors.js';
import type { Io } from '../io.js';

export interface OutputRequest {
  /** The flag, for messages: `-o`, `--report`. */
  flag: string;
  /** The path as the user gave it; `-` is stdout when `stdout` is allowed. */
  path: string;
  cwd: string;
  force: boolean;
  /** What `-` means for this flag; undefined: `-` is refused with this flag's advice. */
  stdout?: boolean;
  /** Said when `-` is refused. */
  stdoutAdvice?: string;
  /** What is written, for messages: `the snapshot`, `the report`. */
  what: string;
}

/** A checked destination: stdout, or a file with its temporary file already open. */
export interface Output {
  /** The path as given, for messages; `-` for stdout. */
  readonly shown: string;
  readonly toStdout: boolean;
  /** Writes the whole text and moves it into place; throws a one-line ExitError naming the flag and path. */
  write(text: string, io: Io): Promise<void>;
  /** Removes the temporary file without writing (idempotent). */
  discard(): Promise<void>;
}

/** Temporary files not yet renamed into place; removed synchronously when the process exits. */
const pending = new Set<string>();
let exitHookInstalled = false;
function track(temp: string): void {
  if (!exitHookInstalled) {
    // 'exit' also runs when the SIGINT/SIGTERM handlers in src/index.ts end the process.
    process.once('exit', removePendingSync);
    exitHookInstalled = true;
  }
  pending.add(temp);
}

/** Removes every temporary file still pending (called on exit; safe to call any time). */
export function removePendingSync(): void {
  for (const temp of pending) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
  }
  pending.clear();
}

const errno = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? String(error);

const REASONS: Record<string, string> = {
  ENOENT: 'no such directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
};
const reason = (error: unknown): string => REASONS[errno(error)] ?? errno(error);

export async function prepareOutput(request: OutputRequest): Promise<Output> {
  const { flag, path: given, force, what } = request;
  const fail = (text: string): ExitError => usageError(`${flag} ${given}: ${text}`);
  if (given === '-') {
    if (!request.stdout) throw fail(`cannot write ${what} to stdout${request.stdoutAdvice ? `; ${request.stdoutAdvice}` : ''}`);
    return { shown: '-', toStdout: true, write: async (text, io) => io.out(text), discard: async () => undefined };
  }
  if (given === '' || given.endsWith('/') || given.endsWith(sep)) throw fail('is a directory name; give a file name');
  const target = resolve(request.cwd, given);

  let existing: Stats | undefined;
  try {
    existing = await lstat(target);
  } catch (error) {
    if (errno(error) !== 'ENOENT') throw fail(`cannot write ${what}: ${reason(error)}`);
  }
  if (existing?.isSymbolicLink()) throw fail('is a symbolic link; billing-access never writes through one (give the real path)');
  if (existing?.isDirectory()) throw fail('is a directory; give a file name');
  if (existing && !existing.isFile()) throw fail('is not a regular file');
  if (existing && !force) throw fail('file exists; pass --force to overwrite it');

  const directory = dirname(target);
  const parent = await stat(directory).catch((error: unknown) => {
    throw fail(`cannot write ${what}: ${reason(error)}`);
  });
  if (!parent.isDirectory()) throw fail(`cannot write ${what}: ${dirname(given)} is not a directory`);

  const temp = resolve(directory, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx', 0o600);
  } catch (error) {
    throw fail(`cannot write ${what}: ${reason(error)}`);
  }
  track(temp);

  let done = false;
  const discard = async (): Promise<void> => {
    if (done) return;
    done = true;
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    pending.delete(temp);
  };

  const write = async (text: string): Promise<void> => {
    if (done) throw new Error(`${flag} ${given}: written twice`);
    try {
      await handle?.writeFile(text, 'utf8');
      await handle?.sync();
      await handle?.close();
      handle = undefined;
      // Checked again: the name may have changed while we worked.
      const now = await lstat(target).catch(() => undefined);
      if (now?.isSymbolicLink()) throw fail('became a symbolic link while working; not written');
      if (now?.isDirectory()) throw fail('became a directory while working; not written');
      if (force) await rename(temp, target);
      else await placeWithoutReplacing(temp, target, fail);
      pending.delete(temp);
      done = true;
    } catch (error) {
      await discard();
      if (error instanceof ExitError) throw error;
      throw fail(`cannot write ${what}: ${reason(error)}`);
    }
  };
  return { shown: given, toStdout: false, write, discard };
}

/** A hard link fails with EEXIST if the name exists, atomically; filesystems without hard links fall back to a checked rename. */
async function placeWithoutReplacing(temp: string, target: string, fail: (text: string) => ExitError): Promise<void> {
  try {
    await link(temp, target);
    await unlink(temp);
  } catch (error) {
    const code = errno(error);
    if (code === 'EEXIST') throw fail('file exists; pass --force to overwrite it');
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw error;
    if (await lstat(target).then(() => true, () => false)) throw fail('file exists; pass --force to overwrite it');
    await rename(temp, target);
  }
}
