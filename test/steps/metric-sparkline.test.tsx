import { describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import { render } from 'ink-testing-library';
import { LiveMetricPane, Sparkline, sparkline, sparklineSegments } from '../../src/ui/components/sparkline.js';
import type { Threshold } from '../../src/runbook/model.js';

const abortAt1: Threshold = { metric: 'error rate', comparator: '>', value: 1, unit: '%' };

describe('sparkline', () => {
  it('maps the lowest value to ▁ and the highest to █', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5, 5])).toBe('▄▄▄');
    expect(sparkline([])).toBe('');
    expect(sparkline([1, 2, 3, 4], { width: 2 })).toBe('▁█');
  });

  it('scales against the limit: values well under it stay low', () => {
    const segs = sparklineSegments({ name: 'error rate', unit: '%', values: [0.2, 0.3, 0.4], thresholds: [abortAt1], mode: 'abort-if', verdict: 'go' }, 80);
    const bars = segs.filter((s) => /[▁-█]/.test(s.text)).map((s) => s.text).join('');
    expect(bars).toBe('▁▂▃');
    expect(segs.every((s) => !/[▁-█]/.test(s.text) || s.style?.color === 'green')).toBe(true);
  });

  it('values close to a limit near 100% still vary (the scale is not stretched to 0)', () => {
    const segs = sparklineSegments(
      { name: 'availability', unit: '%', values: [99.95, 100, 99.97], thresholds: [{ metric: 'availability', comparator: '>=', value: 99.9, unit: '%' }], mode: 'require', verdict: 'go' },
      80,
    );
    expect(segs.filter((s) => /[▁-█]/.test(s.text)).map((s) => s.text).join('')).toBe('▅█▆');
  });
});

describe('<Sparkline>', () => {
  it('shows the series, the latest value, the limit and GO', () => {
    const { lastFrame, unmount } = render(
      <Sparkline width={80} view={{ name: 'error rate', unit: '%', values: [0.2, 0.3, 0.25, 0.4, 0.3], thresholds: [abortAt1], mode: 'abort-if', verdict: 'go' }} />,
    );
    expect(lastFrame()).toBe('error rate ▁▂▁▃▂ 0.3%  abort if > 1%  GO');
    unmount();
  });

  it('shows NO-GO, and the crossing bars are drawn apart from the rest', () => {
    const view = { name: 'p95', unit: 'ms', values: [300, 400, 2500, 3000], thresholds: [{ metric: 'p95', comparator: '<' as const, value: 2000, unit: 'ms' }], mode: 'require' as const, verdict: 'no-go' as const };
    const { lastFrame, unmount } = render(<Sparkline width={80} view={view} />);
    expect(lastFrame()).toContain('3000ms  need < 2000ms  NO-GO');
    const segs = sparklineSegments(view, 80);
    expect(segs.find((s) => s.style?.color === 'red')?.text).toHaveLength(2);
    unmount();
  });

  it('keeps to the width it is given, dropping the oldest samples', () => {
    const values = Array.from({ length: 200 }, (_, i) => i % 10);
    const { lastFrame, unmount } = render(<Sparkline width={50} view={{ name: 'cpu', values, thresholds: [], mode: 'abort-if', verdict: 'unverified' }} />);
    const frame = lastFrame() ?? '';
    expect(frame.endsWith('UNVERIFIED')).toBe(true);
    expect([...frame].length).toBeLessThanOrEqual(50);
    unmount();
  });
});

describe('<LiveMetricPane>', () => {
  it('while sampling over a window: the gate, a countdown and the series so far', () => {
    const { lastFrame, unmount } = render(
      <LiveMetricPane
        width={90}
        height={4}
        metric={{
          stepId: 's',
          gateId: 'g',
          title: 'Abort if error rate > 1%',
          mode: 'abort-if',
          thresholds: [abortAt1],
          source: 'command',
          series: [{ metric: 'error rate', unit: '%', values: [0.1, 0.2] }],
          startedAt: Date.now() - 30_000,
          windowMs: 120_000,
          realTime: true,
        }}
      />,
    );
    const frame = lastFrame() ?? '';
    expect(frame).toContain('gate: Abort if error rate > 1% (command)');
    expect(frame).toMatch(/0:3\d \/ 2:00 · 1:[23]\d left/);
    expect(frame).toContain('error rate ▁▂ 0.2%  abort if > 1%  …');
    unmount();
  });
});
