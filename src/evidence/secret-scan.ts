// The last line of defence before a pack leaves the machine: outputs and events were
// redacted when they were written (src/text/redact.ts); this scans every text file of
// the pack again with the same rules, and export refuses when anything is left.
// Values already masked (the redaction marker, the bullets shown for a secret parameter,
// as in `https://user:••••••@db`) are not secrets.
export { findSecrets as scanForSecrets, type SecretHit } from '../text/secret-find.js';
