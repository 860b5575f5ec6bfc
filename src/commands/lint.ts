import { UserError } from '../errors.js';

export async function lintCommand(_file: string, _opts: { json?: boolean }): Promise<number> {
  throw new UserError('lint is not built yet');
}
