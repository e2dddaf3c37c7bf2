import type { Io } from '../io.js';
import { ExitError } from '../../errors.js';

export async function actions(_options: Record<string, unknown>, _io: Io): Promise<number> {
  throw new ExitError('actions is not implemented yet', 2);
}
