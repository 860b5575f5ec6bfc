// A metric series as one row of ▁▂▃▄▅▆▇█, scaled so the gate's limit sits inside the range,
// with the bars on the wrong side of the limit in red, the latest value, the limit and the
// verdict (GO / NO-GO). The live pane adds a timer while a gate is being sampled.
import { Box, Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import type { Threshold } from '../../runbook/model.js';
import type { LiveMetric, MetricState } from '../../session/types.js';
import { compare, formatValue } from '../../metrics/metric-units.js';
import { formatElapsed } from '../format.js';
import { useNow } from '../hooks/use-now.js';
import type { Line, Segment } from '../markdown/segments.js';
import { plainText } from '../text/safe-text.js';

const BARS = '▁▂▃▄▅▆▇█';

export type Verdict = MetricState['verdict'];

/** The last `width` values as bars between `min` and `max` (default: the values' own range). */
export function sparkline(values: readonly number[], opts: { width?: number; min?: number; max?: number } = {}): string {
  const shown = opts.width !== undefined ? values.slice(-Math.max(0, opts.width)) : values;
  if (shown.length === 0) return '';
  const lo = opts.min ?? Math.min(...shown);
  const hi = opts.max ?? Math.max(...shown);
  const span = hi - lo;
  return shown
    .map((v) => {
      const k = span > 0 ? Math.round(((Math.min(hi, Math.max(lo, v)) - lo) / span) * (BARS.length - 1)) : Math.floor((BARS.length - 1) / 2);
      return BARS[k] ?? BARS[0];
    })
    .join('');
}

/** Whether a value sits on the wrong side of a threshold for the gate's mode. */
function bad(v: number, t: Threshold, mode: 'abort-if' | 'require'): boolean {
  const holds = compare(v, t.comparator, t.value);
  return mode === 'abort-if' ? holds : !holds;
}

export interface SeriesView {
  name: string;
  unit?: string;
  values: readonly number[];
  thresholds: readonly Threshold[];
  mode: 'abort-if' | 'require';
  /** Each threshold's own mode, when they differ (a monitored wait's criteria); else `mode` for all. */
  modes?: readonly ('abort-if' | 'require')[];
  /** Absent while sampling. */
  verdict?: Verdict;
}

function verdictSegment(verdict: Verdict | undefined): Segment {
  switch (verdict) {
    case 'go':
      return { text: 'GO', style: { bold: true, color: 'green' } };
    case 'no-go':
      return { text: 'NO-GO', style: { bold: true, color: 'red' } };
    case 'unverified':
      return { text: 'UNVERIFIED', style: { bold: true, color: 'yellow' } };
    case undefined:
      return { text: '…', style: { dim: true } };
    default: {
      const never: never = verdict;
      return never;
    }
  }
}

/** One row: name, bars (red where the limit is crossed), last value, limit, verdict. Also used by the step detail. */
export function sparklineSegments(view: SeriesView, width: number): Line {
  const limits = view.thresholds.map((t) => t.value);
  const last = view.values[view.values.length - 1];
  const name = plainText(view.name);
  const modeOf = (i: number): 'abort-if' | 'require' => view.modes?.[i] ?? view.mode;
  const limitText = view.thresholds.map((t, i) => `${modeOf(i) === 'abort-if' ? 'abort if' : 'need'} ${t.comparator} ${formatValue(t.value, t.unit)}`).join(', ');
  const tail = `${last !== undefined ? ` ${formatValue(last, view.unit)}` : ''}  ${limitText}  `;
  const verdict = verdictSegment(view.verdict);
  const room = Math.max(4, width - name.length - 1 - tail.length - verdict.text.length);
  const shown = view.values.slice(-room);
  // the limit inside the scale, so bars near it read as near it
  const all = [...shown, ...limits];
  const bars = sparkline(shown, all.length > 0 ? { min: Math.min(...all), max: Math.max(...all) } : {});
  const segs: Segment[] = [{ text: `${name} ` }];
  [...bars].forEach((ch, i) => {
    const v = shown[i];
    const crossed = v !== undefined && view.thresholds.some((t, k) => bad(v, t, modeOf(k)));
    const prev = segs[segs.length - 1];
    const color = crossed ? 'red' : 'green';
    if (prev && prev.style?.color === color && i > 0) prev.text += ch;
    else segs.push({ text: ch, style: { color } });
  });
  segs.push({ text: tail, style: { dim: true } }, verdict);
  return segs;
}

function SegmentsView({ line }: { line: Line }) {
  return (
    <Text wrap="truncate-end">
      {line.map((s, i) => (
        <Text key={i} bold={s.style?.bold} dimColor={s.style?.dim} {...(s.style?.color ? { color: s.style.color } : {})}>
          {s.text}
        </Text>
      ))}
    </Text>
  );
}

export function Sparkline({ view, width }: { view: SeriesView; width: number }) {
  return <SegmentsView line={sparklineSegments(view, width)} />;
}

/** While a gate is sampled: its title, a timer (a countdown when sampling over the window), and a sparkline per series. */
export function LiveMetricPane({ metric, width, height }: { metric: LiveMetric; width: number; height: number }) {
  const now = useNow(250);
  const elapsed = now - metric.startedAt;
  const timer = metric.realTime
    ? `${formatElapsed(elapsed)} / ${formatElapsed(metric.windowMs)} · ${formatElapsed(Math.max(0, metric.windowMs - elapsed))} left`
    : `last ${formatElapsed(metric.windowMs)} · ${formatElapsed(elapsed)}`;
  const rows = Math.max(0, height - 1);
  const series = metric.series.slice(0, rows);
  const oneMetric = new Set(metric.thresholds.map((t) => normalName(t.metric))).size <= 1;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box>
        <Spinner />
        {/* the title keeps at least half the row; the timer gives way (it once left "(s last 5:00") */}
        <Box flexGrow={1} flexShrink={1} paddingLeft={1} minWidth={Math.floor(width / 2)}>
          <Text color="cyan" wrap="truncate-end">
            gate: {plainText(metric.title)} ({metric.source})
          </Text>
        </Box>
        <Box flexShrink={1}>
          <Text dimColor wrap="truncate-end">
            {' '}
            {timer}
          </Text>
        </Box>
      </Box>
      {series.map((s, i) => (
        <Sparkline
          key={i}
          width={width}
          view={{
            name: s.metric,
            ...(s.unit ? { unit: s.unit } : {}),
            values: s.values,
            thresholds: oneMetric ? metric.thresholds : metric.thresholds.filter((t) => sameName(t.metric, s.metric)),
            mode: metric.mode,
          }}
        />
      ))}
    </Box>
  );
}

function normalName(x: string): string {
  return x.toLowerCase().replace(/[\s_-]+/g, ' ').trim();
}

function sameName(a: string, b: string): boolean {
  return normalName(a) === normalName(b);
}
