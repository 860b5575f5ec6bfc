// An append the disk refuses: the half-written line is cut off, the log takes nothing more
// (so nothing can happen that it does not hold), and what was written still verifies.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, AuditWriteError, type AuditFs } from '../../src/session/audit-log.js';
import { parseAuditLog } from '../../src/session/audit-read.js';
import { ioUserError } from '../../src/errors.js';

/** Real fs, but from the `failFrom`th write on, half the bytes go in and then ENOSPC. */
function fillingFs(failFrom: number): AuditFs {
  let writes = 0;
  const writeSync = ((fd: number, buf: Uint8Array, off: number, len: number) => {
    if (++writes < failFrom) return fs.writeSync(fd, buf, off, len);
    fs.writeSync(fd, buf, off, Math.max(1, Math.floor(len / 2)));
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
  }) as unknown as typeof fs.writeSync;
  return { ...fs, writeSync };
}

describe('audit log on a full disk', () => {
  it('cuts the torn line back, refuses further appends, and names the file with a next step', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'fd-log-')), 'audit.jsonl');
    const log = AuditLog.create(path, 's1', { fs: fillingFs(3) });
    log.append('session.start', { runbook: 'r.md' }, 'alice');
    log.append('step.start', { stepId: 'a' }, 'alice');
    const failed = (() => {
      try {
        log.append('cmd.start', { stepId: 'a' }, 'alice');
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(failed).toBeInstanceOf(AuditWriteError);
    expect(() => log.append('step.start', { stepId: 'b' }, 'alice')).toThrow(AuditWriteError);
    log.close();
    const read = parseAuditLog(readFileSync(path));
    expect(read.fault).toBeUndefined();
    expect(read.tornTailBytes).toBe(0);
    expect(read.events.map((e) => e.type)).toEqual(['session.start', 'step.start']);
    expect(ioUserError(failed, 's1')?.toLine()).toBe(`flightdeck: no space left on ${path}; free space and \`flightdeck resume s1\``);
  });
});
