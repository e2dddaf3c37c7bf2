import type { Io } from '../io.js';
import { ExitError } from '../../errors.js';

export async function audit(_options: Record<string, unknown>, _io: Io): Promise<number> {
  throw new ExitError('audit is not implemented yet', 2);
}
