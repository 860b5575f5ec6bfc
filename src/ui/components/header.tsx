import { Box, Text } from 'ink';
import { describeSignedIn } from '../../azure/principal.js';
import type { SessionState } from '../../session/types.js';
import { formatElapsed } from '../format.js';
import { useNow } from '../hooks/use-now.js';

interface Props {
  title: string;
  state: SessionState;
  /** Steps ended well (passed, skipped, not needed...); failed ones are `failed`. */
  done: number;
  failed: number;
  total: number;
  compact: boolean;
  width: number;
  /**
   * The time now, when something else redraws the screen every second (a monitored wait):
   * the header's own timer then rests, so the screen is drawn once a second, not twice.
   */
  now?: number;
  /** The runbook's container app is the simulated one (--simulate): Azure calls are answered without a sign-in. */
  azureSimulated?: boolean;
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

/** Who Azure calls are made as: the principal the log names, or the simulation's stand-in. */
function azureLabel(state: SessionState, simulated: boolean | undefined): string | undefined {
  if (state.azure) return describeSignedIn(state.azure);
  return simulated ? 'simulated (not signed in)' : undefined;
}

export function Header({ title, state, done, failed, total, compact, width, now: given, azureSimulated }: Props) {
  const azure = azureLabel(state, azureSimulated);
  const active = state.status === 'active';
  const ticked = useNow(1000, active && given === undefined);
  const now = given ?? ticked;
  const end = state.endedAt ? Date.parse(state.endedAt) : now;
  const elapsed = formatElapsed(end - Date.parse(state.startedAt));
  const progress = `${done}/${total}`;
  const failedText = failed > 0 ? ` · ${failed} failed` : '';
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
        {state.azure || azureSimulated ? (
          // Who Azure calls are made as matters most on a small screen too: the sign-in name alone.
          <Box flexShrink={2} paddingRight={1}>
            <Text dimColor wrap="truncate-end">
              az {state.azure?.name ?? 'simulated'}
            </Text>
          </Box>
        ) : null}
        <Box flexShrink={0}>
          <Text>
            {progress}
            {failedText ? <Text color="red">{failedText}</Text> : null} ⏱ {elapsed}
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
            {failedText ? <Text color="red">{failedText}</Text> : null}
          </Text>
        </Box>
      </Box>
      <Text dimColor wrap="truncate-end">
        session {state.id} · {state.actor}
        {azure ? ` · Azure: ${azure}` : ''} · ⏱ {elapsed}
        {active ? '' : ` · ${state.status}`}
      </Text>
    </Box>
  );
}
