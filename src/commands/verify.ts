import { UserError } from '../errors.js';

export async function verifyCommand(_path: string): Promise<number> {
  throw new UserError('verify is not built yet');
}
