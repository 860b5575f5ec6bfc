import { UserError } from '../errors.js';

export async function exportCommand(_id: string, _opts: { out?: string; force?: boolean }): Promise<number> {
  throw new UserError('export is not built yet');
}
