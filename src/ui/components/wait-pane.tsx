// A monitored wait counting down: what it waits for, the time served and left (and how
// compressed a rehearsal's is), a sparkline per watched metric with its abort criteria, and
// the keys that end or extend it. Redrawn from the engine's snapshot (at least once a real
// second); no timer of its own, no spinner: a ten-minute wait costs next to nothing.
import { Box, Text } from 'ink';
import type { LiveWait } from '../../session/types.js';
import { formatElapsed } from '../format.js';
import { plainText } from '../text/safe-text.js';
import { Sparkline } from './sparkline.js';

export function waitClock(wait: Pick<LiveWait, 'seconds' | 'servedSeconds' | 'speed' | 'simulated'>): string {
  const left = Math.max(0, wait.seconds - wait.servedSeconds);
  const pace = wait.speed > 1 ? ` · rehearsal ×${Math.round(wait.speed)}` : '';
  return `${formatElapsed(wait.servedSeconds * 1000)} / ${formatElapsed(wait.seconds * 1000)} · ${formatElapsed(left * 1000)} left${pace}${wait.simulated ? ' · simulated' : ''}`;
}

export function WaitPane({ wait, width, height }: { wait: LiveWait; width: number; height: number }) {
  // the title, the bar with the clock, the criteria: the clock never shares a row with a long title
  const rows = Math.max(0, height - 3);
  const series = wait.series.slice(0, rows);
  const served = wait.seconds > 0 ? Math.min(1, wait.servedSeconds / wait.seconds) : 1;
  const clock = waitClock(wait);
  // the bar gives way to the clock in a narrow pane
  const barWidth = Math.max(4, Math.min(30, width - clock.length - 1));
  const filled = Math.round(served * barWidth);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text color="cyan" wrap="truncate-end">
        ⏱ {plainText(wait.text)}
      </Text>
      <Text wrap="truncate-end">
        <Text color="cyan">{'█'.repeat(filled)}</Text>
        <Text dimColor>{'░'.repeat(barWidth - filled)}</Text>
        <Text dimColor> {clock}</Text>
      </Text>
      <Text dimColor wrap="truncate-end">
        {wait.criteria.length > 0 ? `abort on: ${wait.criteria.join('; ')}` : 'no abort criteria in scope: a countdown'}
      </Text>
      {series.map((s, i) =>
        s.noSource ? (
          <Text key={i} dimColor wrap="truncate-end">
            {plainText(s.metric)}: not sampled ({s.noSource})
          </Text>
        ) : (
          <Sparkline
            key={i}
            width={width}
            view={{
              name: s.metric,
              ...(s.unit ? { unit: s.unit } : {}),
              // only what fits is copied out of a series that may hold thousands of samples
              values: s.values.slice(Math.max(0, s.count - width), s.count),
              thresholds: s.thresholds,
              modes: s.modes,
              mode: 'abort-if',
            }}
          />
        ),
      )}
    </Box>
  );
}
