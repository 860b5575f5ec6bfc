import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'flightdeck.js');
export const DEMO = join(ROOT, 'runbooks', 'demo.md');
export const SHARED_RUNBOOKS = join(ROOT, '..', 'shared', 'runbooks');
export const AGENT_STUDIO = join(SHARED_RUNBOOKS, 'agent-studio-production.md');
export const HAS_SHARED = existsSync(AGENT_STUDIO);
