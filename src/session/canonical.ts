import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth and no whitespace: one value, one text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The chain's starting `prev`, for seq 1. */
export const GENESIS_PREV = '0'.repeat(64);

/**
 * The chain hash of one audit event: sha256(prev + canonical JSON of the event without `h`).
 * The writer and the verifier both use this, so they cannot drift apart.
 */
export function chainHash(eventWithoutH: Record<string, unknown>): string {
  const { h: _ignored, ...rest } = eventWithoutH;
  const prev = typeof rest.prev === 'string' ? rest.prev : '';
  return chainHashOfCanonical(prev, canonicalJson(rest));
}

/** chainHash when the canonical JSON of the event without `h` is already at hand (the writer's fast path). */
export function chainHashOfCanonical(prev: string, canonicalWithoutH: string): string {
  return sha256Hex(prev + canonicalWithoutH);
}
