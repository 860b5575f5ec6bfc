import type { ReactNode } from 'react';
import { Box, Text } from 'ink';

interface Props {
  title: string;
  tone?: 'normal' | 'danger' | 'warning';
  width: number;
  height: number;
  children: ReactNode;
}

/** The box every prompt is drawn in: a coloured title and a bounded body. */
export function PromptFrame({ title, tone = 'normal', width, height, children }: Props) {
  const color = tone === 'danger' ? 'red' : tone === 'warning' ? 'yellow' : 'cyan';
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden" borderStyle="round" borderColor={color} paddingX={1}>
      <Text bold color={color} wrap="truncate-end">
        {title}
      </Text>
      {children}
    </Box>
  );
}

/** Rows a PromptFrame's body has inside its border and title. */
export function innerRows(height: number): number {
  return Math.max(1, height - 3);
}

export function innerWidth(width: number): number {
  return Math.max(8, width - 4);
}
