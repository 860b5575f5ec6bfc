// Names inside an evidence pack (DESIGN.md section 5) and the one rule for a safe
// relative path, shared by the exporter, the tar reader and the verifier.

export const MANIFEST = 'manifest.json';
export const AUDIT = 'audit.jsonl';
export const RUNBOOK = 'runbook.md';
export const SUMMARY = 'summary.md';
export const REPORT = 'report.html';
export const OUTPUTS_DIR = 'outputs';
export const METRICS_DIR = 'metrics';

/**
 * A pack-relative path that cannot escape the pack on extraction: forward slashes only,
 * no absolute path, no drive letter, no empty, `.` or `..` segment, no control characters.
 */
export function isSafeRelPath(path: string): boolean {
  if (path.length === 0 || path.length > 240) return false;
  if (path.startsWith('/') || path.includes('\\') || /^[A-Za-z]:/.test(path)) return false;
  if (/[\u0000-\u001f\u007f]/.test(path)) return false;
  return path.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}
