import { UserError } from '../errors.js';
import type { RunOptions } from '../cli.js';
import type { SessionMode } from '../session/audit-event.js';

export async function walkCommand(_mode: SessionMode, _file: string, _opts: RunOptions): Promise<number> {
  throw new UserError('the guided walkthrough is not built yet', 'use `flightdeck lint` for now');
}
