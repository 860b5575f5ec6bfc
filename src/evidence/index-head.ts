// The chain head the session index stored for a session: written by the engine at every
// fsync, so a log whose chain was recomputed after an edit no longer reaches it.
import { existsSync } from 'node:fs';
import { SessionStore, indexPath } from '../session/store.js';
import type { ChainHead } from './verify-rules.js';

export async function storedChainHead(id: string, env: NodeJS.ProcessEnv = process.env): Promise<ChainHead | undefined> {
  if (!existsSync(indexPath(env))) return undefined;
  let row;
  try {
    row = await new SessionStore(env).get(id);
  } catch {
    // an unreadable index anchors nothing; the log is still judged on its own
    return undefined;
  }
  if (!row || !row.chainHead || !(row.seq > 0)) return undefined;
  return { seq: row.seq, h: row.chainHead };
}
