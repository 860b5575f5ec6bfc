import { Box, Text } from 'ink';
import { activeBindings, type KeyContext } from '../keymap.js';

export interface UiMessage {
  text: string;
  tone: 'error' | 'info';
}

interface Props {
  ctx: KeyContext;
  message: UiMessage | undefined;
  /** Overrides the key list while an overlay or prompt owns the keyboard. */
  hint?: string;
  width: number;
}

export function StatusBar({ ctx, message, hint, width }: Props) {
  const keys = hint ?? activeBindings(ctx).map((b) => b.short).join(' · ');
  return (
    <Box flexDirection="column" width={width}>
      <Text color={message?.tone === 'error' ? 'red' : 'green'} wrap="truncate-end">
        {message ? message.text : ' '}
      </Text>
      <Text dimColor wrap="truncate-end">
        {keys}
      </Text>
    </Box>
  );
}
