import { Box, Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import type { Command } from '../../runbook/model.js';
import type { LiveOutput } from '../../session/types.js';
import { formatElapsed } from '../format.js';
import { useNow } from '../hooks/use-now.js';
import { plainText, terminalLine } from '../text/safe-text.js';

interface Props {
  live: LiveOutput;
  command: Command | undefined;
  width: number;
  height: number;
}

/** The running command's last lines, with a spinner and a timer that tick even when it prints nothing. */
export function LiveOutputPane({ live, command, width, height }: Props) {
  const now = useNow(250);
  const name = plainText(command?.name ?? command?.code.split('\n')[0] ?? live.commandId);
  const rows = Math.max(0, height - 1);
  const lines = rows > 0 ? live.lines.slice(-rows).map(terminalLine) : [];
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box>
        <Spinner />
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
