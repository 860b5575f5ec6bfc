import { UserError } from '../errors.js';

export async function sessionsCommand(_opts: { json?: boolean }): Promise<number> {
  throw new UserError('sessions are not built yet');
}
