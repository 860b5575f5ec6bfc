import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { quitAnswer } from '../keymap.js';

interface Props {
  sessionId: string;
  running: boolean;
  onQuit: () => void;
  onStay: () => void;
}

/** Asks before leaving an unfinished session. */
export function QuitConfirm({ sessionId, running, onQuit, onStay }: Props) {
  useKeys((input, key) => {
    const answer = quitAnswer(input, key);
    if (answer === 'quit') onQuit();
    else if (answer === 'stay') onStay();
  });
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1}>
      <Text bold>Quit now?</Text>
      {running ? <Text color="red">A command is still running: quitting stops it (and everything it started) first.</Text> : null}
      <Text>The session stays unfinished and can be resumed with:</Text>
      <Text color="cyan" wrap="truncate-end">
        {'  '}flightdeck resume {sessionId}
      </Text>
      <Text>
        <Text bold color="yellow">y</Text> quit · <Text bold>n</Text>/Esc stay
      </Text>
    </Box>
  );
}
