import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

describe('flightdeck CLI', () => {
  it('prints help and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('flightdeck');
    expect(r.stdout).toContain('rehearse');
  });

  it('rejects an unknown command with exit 2 and one error line', async () => {
    const r = await runCli(['bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/unknown command 'bogus'/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
