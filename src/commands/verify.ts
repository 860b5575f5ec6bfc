import { verdictExitCode, verifyTarget } from '../evidence/verify.js';

/** Prints one line (the verdict) and returns 0 intact, 1 incomplete, 3 tampered. */
export async function verifyCommand(path: string): Promise<number> {
  const report = await verifyTarget(path);
  process.stdout.write(report.message + '\n');
  return verdictExitCode(report.verdict);
}
