import { ExitError } from '../../errors.js';
import type { SnapshotV1 } from '../../model/snapshot.js';
import type { Progress } from '../../ui/progress.js';

/** Options for live collection. */
export interface LiveOptions {
  profile?: string;
  region: string;
  orgProfile?: string;
  principal?: string;
}

// Placeholder until live collection lands (issue 5).
export async function collectSnapshot(_options: LiveOptions, _progress: Progress): Promise<SnapshotV1> {
  throw new ExitError('live AWS collection is not implemented yet; use --snapshot FILE');
}
