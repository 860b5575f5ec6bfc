import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandSource, parseMetricOutput } from '../../src/metrics/command-source.js';
import { ShellExecutor } from '../../src/steps/shell-executor.js';

const at = { end: 1_000_000, windowMs: 60_000 };

describe('reading what a metric command prints', () => {
  it('takes a bare number, a number with a unit, or the last number line', () => {
    expect(parseMetricOutput('0.42\n', at)).toEqual({ points: [{ t: 1_000_000, value: 0.42 }], series: false });
    expect(parseMetricOutput('1800ms', at)).toMatchObject({ points: [{ value: 1800 }], unit: 'ms' });
    expect(parseMetricOutput('querying...\nerror rate: 0.5%', at)).toMatchObject({ points: [{ value: 0.5 }], unit: '%' });
  });

  it('takes JSON: a number, an array, timestamped pairs, objects with a unit', () => {
    expect(parseMetricOutput('[1, 2, 3]', at)?.points).toEqual([
      { t: 940_000, value: 1 },
      { t: 970_000, value: 2 },
      { t: 1_000_000, value: 3 },
    ]);
    expect(parseMetricOutput('[["2026-11-23T10:00:00Z", 5]]', at)?.points).toEqual([{ t: Date.parse('2026-11-23T10:00:00Z'), value: 5 }]);
    expect(parseMetricOutput('{"values": [{"t": 5, "value": 7}], "unit": "s"}', at)).toEqual({ points: [{ t: 5, value: 7 }], unit: 's', series: true });
    expect(parseMetricOutput('{"value": 12.5, "unit": "%"}', at)).toMatchObject({ points: [{ value: 12.5 }], unit: '%', series: false });
  });

  it('finds no number in text without one, or in malformed JSON series', () => {
    expect(parseMetricOutput('', at)).toBeUndefined();
    expect(parseMetricOutput('service healthy', at)).toBeUndefined();
    expect(parseMetricOutput('[1, "x"]', at)).toBeUndefined();
  });
});

describe('the command metric source through the shell runner', () => {
  function source(now?: () => number): { src: CommandSource; outputs: string } {
    const outputs = mkdtempSync(join(tmpdir(), 'fd-metric-'));
    const executor = new ShellExecutor({ mode: 'run', interactive: false });
    const src = new CommandSource({
      executor,
      outputsDir: outputs,
      cwd: outputs,
      values: () => new Map([['LIMIT', '7'], ['OTHER', 'unused']]),
      ...(now ? { now } : {}),
    });
    return { src, outputs };
  }

  it('runs the command for real, with the parameters it names in its environment, and spools its output', async () => {
    const { src, outputs } = source();
    const s = await src.sample({ kind: 'command', metric: 'queue depth', command: 'echo "depth ${LIMIT}"; printenv | grep -q "^OTH""ER=" && echo leaked; true' }, { windowMs: 1000 });
    expect(s.points.map((p) => p.value)).toEqual([7]);
    expect(readdirSync(outputs).some((f) => f.endsWith('.log'))).toBe(true);
  });

  it('a command printing a series is run once', async () => {
    const { src, outputs } = source();
    const s = await src.sample({ kind: 'command', metric: 'latency', command: 'echo \'{"values":[120,180,90],"unit":"ms"}\'', intervalMs: 10 }, { windowMs: 10_000 });
    expect(s).toMatchObject({ metric: 'latency', unit: 'ms' });
    expect(s.points.map((p) => p.value)).toEqual([120, 180, 90]);
    expect(readdirSync(outputs)).toHaveLength(1);
  });

  it('a command printing one number is sampled again every interval over the window', async () => {
    // the window is measured on a clock that moves 10 ms per reading, however slow the machine is
    let clock = 0;
    const { src } = source(() => (clock += 10));
    const seen: number[] = [];
    const s = await src.sample(
      { kind: 'command', metric: 'n', command: 'date +%N | cut -c1-3', intervalMs: 50 },
      { windowMs: 220, onPoint: (x) => seen.push(x.points.length) },
    );
    expect(s.points.length).toBeGreaterThanOrEqual(3);
    expect(seen).toEqual(s.points.map((_, i) => i + 1));
  });

  it('a failing command or one that prints no number is a clear error', async () => {
    const { src } = source();
    await expect(src.sample({ kind: 'command', command: 'echo nope; exit 3' }, { windowMs: 1000 })).rejects.toThrow(/metric command exited 3/);
    await expect(src.sample({ kind: 'command', command: 'echo all good' }, { windowMs: 1000 })).rejects.toThrow(/printed no number: "all good"/);
  });
});
