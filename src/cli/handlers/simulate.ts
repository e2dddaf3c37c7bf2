import type { Io } from '../io.js';
import { ExitError } from '../../errors.js';

export async function simulate(_options: Record<string, unknown>, _io: Io): Promise<number> {
  throw new ExitError('simulate is not implemented yet', 2);
}
