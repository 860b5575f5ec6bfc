import { Text } from 'ink';
import type { Runbook } from '../../runbook/model.js';
import type { SessionEngine } from '../../session/types.js';
import type { Overlay, UiAction } from '../ui-state.js';
import { TextEntry } from './text-entry.js';

export type EntryOverlayKind = Extract<Overlay, { kind: 'skip' | 'note' | 'undo' | 'type' | 'search' | 'endWait' }>;

interface Props {
  overlay: EntryOverlayKind;
  runbook: Runbook;
  engine: SessionEngine;
  running: boolean;
  dispatch: (action: UiAction) => void;
  /** Runs an engine call, its failure shown as a message. */
  call: (p: Promise<void>) => void;
}

/** The one-line overlays of the main screen: a skip's reason, a note, an undo's reason, typing into a command, a search of the output, why a wait ends early. */
export function EntryOverlay({ overlay, runbook, engine, running, dispatch, call }: Props) {
  const close = (): void => dispatch({ type: 'close' });
  const titleOf = (stepId: string): string => runbook.steps.find((s) => s.id === stepId)?.title ?? stepId;
  switch (overlay.kind) {
    case 'skip':
      return (
        <TextEntry
          title={`Skip "${titleOf(overlay.stepId)}"`}
          label="Reason"
          required
          onSubmit={(reason) => {
            close();
            call(engine.skip(overlay.stepId, reason));
          }}
          onCancel={close}
        />
      );
    case 'note':
      return (
        <TextEntry
          title="Add a note to the session log"
          label="Note"
          required
          onSubmit={(text) => {
            close();
            dispatch({ type: 'message', message: { tone: 'info', text: 'note added' } });
            call(engine.note(text, overlay.stepId));
          }}
          onCancel={close}
        />
      );
    case 'undo': {
      const j = engine.snapshot().state.flow.undoable;
      if (!j) return <Text dimColor>Nothing to undo: a step of the branch has run.</Text>;
      return (
        <TextEntry
          title={`Undo decision ${j.n}: asked again${j.raisedWith ? ' on the data it was raised with' : ''}${j.left.length > 0 ? `; ${j.left.length} left step${j.left.length === 1 ? '' : 's'} back` : ''}${(j.inserted?.length ?? 0) > 0 ? `; ${j.inserted?.length ?? 0} added step${j.inserted?.length === 1 ? '' : 's'} gone` : ''}`}
          label="Reason"
          required
          onSubmit={(reason) => {
            close();
            dispatch({ type: 'message', message: { tone: 'info', text: `decision ${j.n} undone` } });
            call(engine.undoDecision?.(reason) ?? Promise.resolve());
          }}
          onCancel={close}
        />
      );
    }
    case 'type':
      if (!running) return <Text dimColor>The command has finished.</Text>;
      return <TextEntry title="Type into the running command" label="Input" repeat onSubmit={(line) => engine.sendInput?.(line + '\n')} onCancel={close} />;
    case 'search':
      return (
        <TextEntry
          title={`Search the output of "${titleOf(overlay.stepId)}"`}
          label="Find"
          required
          onSubmit={(query) => {
            close();
            dispatch({ type: 'search', stepId: overlay.stepId, query });
          }}
          onCancel={close}
        />
      );
    case 'endWait':
      return (
        <TextEntry
          title="End the monitored wait now"
          label="Reason"
          required
          onSubmit={(reason) => {
            close();
            engine.endWait?.(reason);
          }}
          onCancel={close}
        />
      );
    default: {
      const never: never = overlay;
      return never;
    }
  }
}
