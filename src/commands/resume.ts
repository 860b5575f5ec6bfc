import { UserError } from '../errors.js';

export async function resumeCommand(_id: string | undefined, _opts: { actor?: string; nonInteractive?: boolean }): Promise<number> {
  throw new UserError('resume is not built yet');
}
