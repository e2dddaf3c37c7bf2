import { ExitError } from '../errors.js';
import type { SnapshotV1 } from '../model/snapshot.js';
import type { LoadedFacts } from './index.js';

// Placeholder until the snapshot loader lands (issue 4).
export async function loadSnapshotFile(path: string, _cwd: string): Promise<SnapshotV1> {
  throw new ExitError(`${path}: snapshot loading is not implemented yet`);
}

export async function loadExample(name: string): Promise<LoadedFacts> {
  throw new ExitError(`--example ${name}: examples are not implemented yet`);
}
