import type { Io } from '../io.js';
import { ExitError } from '../../errors.js';

export async function snapshot(_options: Record<string, unknown>, _io: Io): Promise<number> {
  throw new ExitError('snapshot is not implemented yet', 2);
}
