import { Box, Text } from 'ink';
import type { Command } from '../../runbook/model.js';
import type { LiveOutput } from '../../session/types.js';
import { formatElapsed } from '../format.js';
import { useFrameClock } from '../hooks/use-now.js';
import { plainText, terminalLine } from '../text/safe-text.js';

interface Props {
  live: LiveOutput;
  command: Command | undefined;
  width: number;
  height: number;
}

/**
 * The spinner's frames, stepped by the same 250 ms clock as the timer: @inkjs/ui's Spinner
 * ticks every 80 ms, and each tick redraws the whole screen (an idle TUI on a `sleep 30`
 * step peaked at 145 MiB with it, 121 MiB without).
 */
const SPINNER = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';

/** The running command's last lines, with a spinner and a timer that tick even when it prints nothing. */
export function LiveOutputPane({ live, command, width, height }: Props) {
  const now = useFrameClock(250);
  const name = plainText(command?.name ?? command?.code.split('\n')[0] ?? live.commandId);
  const rows = Math.max(0, height - 1);
  const lines = rows > 0 ? live.lines.slice(-rows).map(terminalLine) : [];
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box>
        <Text color="blue">{SPINNER[Math.floor(now / 250) % SPINNER.length]}</Text>
        <Box flexGrow={1} flexShrink={1} paddingLeft={1}>
          <Text color="cyan" wrap="truncate-end">
            {name}
          </Text>
        </Box>
        <Text dimColor>
          {' '}
          {formatElapsed(now - live.startedAt)} · {live.totalLines} lines
        </Text>
      </Box>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {l === '' ? ' ' : l}
        </Text>
      ))}
    </Box>
  );
}
