// manifest.json of an evidence pack: what the pack holds and the chain head it was cut at.
// The verifier trusts nothing in it on its own: every entry is checked against the files,
// and the head and runbook hash against the hash-chained audit log.
import { z } from 'zod';

export const PACK_FORMAT = 'flightdeck-evidence-pack';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const manifestSchema = z.strictObject({
  format: z.literal(PACK_FORMAT),
  formatVersion: z.literal(1),
  flightdeck: z.string(),
  session: z.string().min(1),
  mode: z.enum(['run', 'rehearsal']),
  /** completed | aborted | interrupted | unfinished (no session.end yet). */
  outcome: z.string(),
  exportedAt: z.string(),
  exportedBy: z.string(),
  runbook: z.strictObject({ path: z.string(), source: z.string(), sha256: hex64 }),
  chainHead: z.strictObject({ seq: z.number().int().nonnegative(), h: hex64 }),
  files: z.array(z.strictObject({ path: z.string(), sha256: hex64, bytes: z.number().int().nonnegative() })),
  /** The files under metrics/, one per sampled series, each with the seq of its metric event. */
  metrics: z
    .array(z.strictObject({ path: z.string(), seq: z.number().int().positive(), stepId: z.string(), metric: z.string(), result: z.string() }))
    .optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestFile = Manifest['files'][number];
