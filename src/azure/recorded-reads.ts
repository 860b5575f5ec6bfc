// The revisions panel's reads of a container app, kept in the evidence: every read is an
// Azure call, but the panel repeats one every 10 s, so only a read whose answer differs from
// the last one kept (or that fails where the last succeeded, or the reverse) is passed on.
import { messageOf, UserError } from '../errors.js';
import { describeTarget, effectiveWeights, type AppSnapshot, type AppTarget, type ContainerAppReader } from './container-apps.js';
import type { AzurePrincipal } from './principal.js';

export interface PanelRead {
  /** One line for the log, e.g. "revisions panel read container app web in rg: latest web--v2; traffic web--v1 90%, web--v2 10%". */
  text: string;
  ok: boolean;
  principal?: AzurePrincipal;
}

/** The revisions, weights and health a read showed, as one comparable line. */
export function describeRead(s: AppSnapshot): string {
  const weights = [...effectiveWeights(s)].map(([name, w]) => `${name} ${w}%`).join(', ');
  const revisions = s.revisions.map((r) => `${r.name} ${r.active ? 'active' : 'inactive'}${r.health ? ` ${r.health}` : ''}`).join(', ');
  return `latest ${s.latestRevision ?? 'none'}; traffic ${weights || 'none'}; revisions ${revisions || 'none'}`;
}

function failure(err: unknown): string {
  return err instanceof UserError && err.next ? `${err.message}; ${err.next}` : messageOf(err);
}

/** A reader that passes each read through and tells `onRead` about those whose answer changed. */
export function recordingReader(inner: ContainerAppReader, onRead: (read: PanelRead) => void): ContainerAppReader {
  const last = new Map<string, string>();
  const tell = (target: AppTarget, text: string, ok: boolean): void => {
    const key = `${target.subscription}/${target.resourceGroup}/${target.app}`;
    if (last.get(key) === text) return;
    last.set(key, text);
    const principal = inner.principal?.();
    onRead({ text, ok, ...(principal ? { principal } : {}) });
  };
  return {
    async read(target, signal) {
      try {
        const snapshot = await inner.read(target, signal);
        tell(target, `revisions panel read ${describeTarget(target)}: ${describeRead(snapshot)}`, true);
        return snapshot;
      } catch (err) {
        if (!signal?.aborted) tell(target, `revisions panel could not read ${describeTarget(target)}: ${failure(err)}`, false);
        throw err;
      }
    },
    ...(inner.principal ? { principal: () => inner.principal?.() } : {}),
  };
}
