import { Box, Text } from 'ink';
import { describeSignedIn } from '../../azure/principal.js';
import type { SessionState } from '../../session/types.js';
import { formatElapsed } from '../format.js';
import { useNow } from '../hooks/use-now.js';

interface Props {
  title: string;
  state: SessionState;
  done: number;
  total: number;
  compact: boolean;
  width: number;
  /**
   * The time now, when something else redraws the screen every second (a monitored wait):
   * the header's own timer then rests, so the screen is drawn once a second, not twice.
   */
  now?: number;
}

function ModeBanner({ mode, compact }: { mode: SessionState['mode']; compact: boolean }) {
  if (mode === 'rehearsal') {
    return (
      <Text backgroundColor="yellow" color="black" bold>
        {compact ? ' DRY RUN ' : ' DRY RUN · REHEARSAL: nothing is executed '}
      </Text>
    );
  }
  return (
    <Text backgroundColor="red" color="white" bold>
      {' RUN '}
    </Text>
  );
}

export function Header({ title, state, done, total, compact, width, now: given }: Props) {
  const active = state.status === 'active';
  const ticked = useNow(1000, active && given === undefined);
  const now = given ?? ticked;
  const end = state.endedAt ? Date.parse(state.endedAt) : now;
  const elapsed = formatElapsed(end - Date.parse(state.startedAt));
  const progress = `${done}/${total}`;
  if (compact) {
    return (
      <Box width={width}>
        <Box flexShrink={0}>
          <ModeBanner mode={state.mode} compact />
        </Box>
        <Box flexGrow={1} flexShrink={1} paddingX={1}>
          <Text bold wrap="truncate-end">
            {title}
          </Text>
        </Box>
        {state.azure ? (
          // Who Azure calls are made as matters most on a small screen too: the sign-in name alone.
          <Box flexShrink={2} paddingRight={1}>
            <Text dimColor wrap="truncate-end">
              az {state.azure.name}
            </Text>
          </Box>
        ) : null}
        <Box flexShrink={0}>
          <Text>
            {progress} ⏱ {elapsed}
          </Text>
        </Box>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={width}>
      <Box>
        <Box flexShrink={0}>
          <ModeBanner mode={state.mode} compact={false} />
        </Box>
        <Box flexGrow={1} flexShrink={1} paddingX={1}>
          <Text bold wrap="truncate-end">
            {title}
          </Text>
        </Box>
        <Box flexShrink={0}>
          <Text>
            <Text bold>{progress}</Text> steps done
          </Text>
        </Box>
      </Box>
      <Text dimColor wrap="truncate-end">
        session {state.id} · {state.actor}
        {state.azure ? ` · Azure: ${describeSignedIn(state.azure)}` : ''} · ⏱ {elapsed}
        {active ? '' : ` · ${state.status}`}
      </Text>
    </Box>
  );
}
