// The walkthrough screen. Session state comes only from the engine's snapshot; the UI's own
// state (overlays, cursors, messages) is a pure reducer; engine calls happen in key handlers.
import { useCallback, useMemo, useRef, useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { messageOf } from '../errors.js';
import type { SessionEngine, SessionStatus } from '../session/types.js';
import { HelpOverlay, maxHelpScroll } from './components/help-overlay.js';
import { Header } from './components/header.js';
import { JumpOverlay } from './components/jump-overlay.js';
import { BottomPane } from './components/bottom-pane.js';
import { maxOutputScroll } from './components/output-pane.js';
import { QuitConfirm } from './components/quit-confirm.js';
import { RevisionsPanel } from './components/revisions-panel.js';
import { StatusBar } from './components/status-bar.js';
import { StepDetail, maxScroll } from './components/step-detail.js';
import { StepList } from './components/step-list.js';
import { EntryOverlay } from './components/entry-overlay.js';
import { detailLines } from './detail-lines.js';
import { DrawnFrame } from './drawn-frame.js';
import { isFinished } from './format.js';
import { useEngineSnapshot } from './hooks/use-engine-snapshot.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { useKeyDispatcher } from './hooks/use-key-dispatcher.js';
import { keyStateNow, type KeyState } from './key-state.js';
import { KeyLayer, KeyRoot, useKeys } from './hooks/use-keys.js';
import { keyLayer } from './key-layer.js';
import { matchAction, promptKey, type Action, type KeyContext } from './keymap.js';
import { computeLayout } from './layout.js';
import { PromptView } from './prompts/prompt-view.js';
import { buildRows } from './step-rows.js';
import { stepOutput } from './step-output.js';
import { useUiState } from './hooks/use-ui-state.js';
import { cursorsFor, overlayHint } from './ui-state.js';

const CANCELLING = 'cancelling the command…';

export type TuiExit = { kind: 'suspended'; error?: string } | { kind: 'ended'; status: SessionStatus };

interface Props {
  engine: SessionEngine;
  onExit: (result: TuiExit) => void;
  /** Told by Ink when a frame is written (run-tui); without it a render counts as shown. */
  frame?: DrawnFrame;
  /** Opens spool files in the operator's pager, the screen handed over meanwhile (run-tui); returns what went wrong, if anything. */
  pager?: (files: string[]) => string | undefined;
}

export function App({ engine, onExit, frame: drawnFrame, pager }: Props) {
  const { runbook, state, prompt, live, metric, wait, closed, notice, selected, counted } = useEngineSnapshot(engine);
  const size = useTerminalSize();
  const [ui, dispatch, uiNow] = useUiState();
  const rows = useMemo(() => buildRows(runbook), [runbook]);
  const exited = useRef(false);

  const selectedId = selected ?? state.currentStepId ?? runbook.steps[0]?.id;
  const index = runbook.steps.findIndex((s) => s.id === selectedId);
  const step = runbook.steps[index];
  const stepState = step ? state.steps[step.id] : undefined;
  const { itemCursor, scroll, outputScroll, search } = cursorsFor(ui, selectedId);
  const script = useMemo(() => engine.displayScript?.bind(engine), [engine]);
  const runsHere = useMemo(() => engine.runsHere?.bind(engine), [engine]);
  const outputPath = useMemo(() => engine.outputPath?.bind(engine), [engine]);
  const outputTail = useMemo(() => engine.outputTail?.bind(engine), [engine]);
  // a finished step keeps its output on screen under the detail (read from its spools)
  const output = useMemo(() => (step && outputTail ? stepOutput(step, stepState, outputTail, search) : undefined), [step, stepState, outputTail, search]);
  const outputShown = output !== undefined && live === undefined && metric === undefined && wait === undefined && prompt === undefined;
  const layout = computeLayout(size.columns, size.rows, { live: live !== undefined || metric !== undefined || wait !== undefined || outputShown });
  // what the session noted about this step (a rehearsed container-app change, a block not run)
  const stepNotes = useMemo(() => state.notes.filter((n) => step !== undefined && n.stepId === step.id).map((n) => n.text), [state.notes, step]);
  // laid out only when on screen: a prompt or overlay covers it (the params form at start)
  const detailShown = ui.overlay.kind === 'none' && prompt === undefined;
  const lines = useMemo(
    () =>
      step && detailShown
        ? detailLines(step, stepState, itemCursor, layout.detailWidth, index + 1, {
            mode: state.mode,
            paramsSet: state.paramsSet,
            answers: state.flow.answers,
            ...(script ? { script } : {}),
            ...(runsHere ? { runsHere } : {}),
            ...(outputPath ? { outputPath } : {}),
            notes: stepNotes,
          })
        : [],
    [step, detailShown, stepState, itemCursor, layout.detailWidth, index, state.mode, state.paramsSet, state.flow.answers, script, runsHere, outputPath, stepNotes],
  );

  // the steps the walk takes: a contingency section never entered is not owed
  const total = counted.length;
  const done = counted.filter((id) => isFinished(state.steps[id]?.status ?? 'pending')).length;
  // the header counts a failed step apart: it ended, but it is not done
  const failed = counted.filter((id) => state.steps[id]?.status === 'failed').length;
  const status = stepState?.status ?? 'pending';
  const running = live !== undefined;
  // Enter approves what the drawn screen shows: its selected step, or "all done"
  const frame = useMemo(() => drawnFrame ?? new DrawnFrame({ drawnOnRender: true }), [drawnFrame]);
  const allDone = total > 0 && done === total;
  const appView = engine.containerApp?.();
  const ctx: KeyContext = {
    running: running || metric !== undefined || wait !== undefined,
    hasItems: (step?.items.length ?? 0) > 0,
    stepOpen: step !== undefined && (!isFinished(status) || status === 'failed'),
    allDone,
    finishable: allDone && frame.finishable(),
    detailScrolls: lines.length > layout.detailRows,
    canType: typeof engine.sendInput === 'function' && running,
    outputScrolls: outputShown && output.rows.length > layout.liveRows - 1,
    hasOutput: output !== undefined,
    searching: outputShown && search !== undefined,
    hasApp: appView !== undefined,
    canUndo: state.flow.undoable !== undefined && typeof engine.undoDecision === 'function',
    waiting: wait !== undefined && typeof engine.endWait === 'function',
  };
  frame.render({ stepId: selectedId, allDone });
  // "⏎ finish" is offered once the all-done screen has been up its moment: a render then
  const [, settledTick] = useState(0);
  useEffect(() => {
    if (!allDone || ctx.finishable) return undefined;
    const timer = setTimeout(() => settledTick((n) => n + 1), (frame.finishableIn() ?? 20) + 5);
    return () => clearTimeout(timer);
  });

  const exit = useCallback(
    (result: TuiExit) => {
      if (exited.current) return;
      exited.current = true;
      onExit(result);
    },
    [onExit],
  );

  useEffect(() => {
    if (ui.quitting) return;
    if (state.status !== 'active') exit({ kind: 'ended', status: state.status });
    else if (closed === 'suspended') exit({ kind: 'suspended' });
    else if (closed) exit({ kind: 'ended', status: closed });
  }, [state.status, closed, ui.quitting, exit]);

  // The engine's word to the operator (what came back of the shell on resume) shows in the message line.
  useEffect(() => {
    if (notice) dispatch({ type: 'message', message: { tone: 'info', text: notice } });
  }, [notice, dispatch]);

  // Typing into a command ends with the command: the overlay closes so its prompts show.
  useEffect(() => {
    if (ui.overlay.kind === 'type' && !running) dispatch({ type: 'close' });
  }, [ui.overlay.kind, running, dispatch]);

  // The wait ended (a limit crossed, its time served) while its reason was being typed: the
  // entry closes so the question it raised shows, and says the reason was not used.
  const waiting = wait !== undefined;
  useEffect(() => {
    if (ui.overlay.kind !== 'endWait' || waiting) return;
    dispatch({ type: 'close' });
    dispatch({ type: 'message', message: { tone: 'error', text: 'the wait ended before the reason was sent: see the step' } });
  }, [ui.overlay.kind, waiting, dispatch]);

  // "cancelling…" is true only while the command is still ending
  const cancelling = useRef(false);
  useEffect(() => {
    if (running) return;
    cancelling.current = false;
    if (ui.message?.text === CANCELLING) dispatch({ type: 'message', message: undefined });
  }, [running, ui.message, dispatch]);

  const call = (p: Promise<void>): void => {
    p.catch((err: unknown) => dispatch({ type: 'message', message: { tone: 'error', text: messageOf(err) } }));
  };

  const keyState = (): KeyState => keyStateNow(engine.snapshot(), uiNow.current, ctx, frame);

  const quit = (): void => {
    if (uiNow.current.quitting) return;
    dispatch({ type: 'quitting' });
    const wasRunning = engine.snapshot().live !== undefined;
    void (async () => {
      try {
        if (wasRunning) await engine.cancelRunning();
        await engine.suspend();
        exit({ kind: 'suspended' });
      } catch (err) {
        exit({ kind: 'suspended', error: messageOf(err) });
      }
    })();
  };

  const requestQuit = (): void => {
    const status = engine.snapshot().state.status;
    if (status !== 'active') exit({ kind: 'ended', status });
    else dispatch({ type: 'open', overlay: { kind: 'quit' } });
  };

  const move = (delta: number, from: KeyState): void => {
    const at = Math.max(0, runbook.steps.findIndex((s) => s.id === from.step?.id));
    // every step of the list, a contingency not entered too (the done count leaves those out)
    const next = runbook.steps[Math.max(0, Math.min(runbook.steps.length - 1, at + delta))];
    if (next && next.id !== from.step?.id) {
      dispatch({ type: 'message', message: undefined });
      engine.select(next.id);
    }
  };

  const perform = (action: Action, now: KeyState): void => {
    const { step, stepState, itemCursor, ctx: at } = now;
    switch (action) {
      case 'up':
        return move(-1, now);
      case 'down':
        return move(1, now);
      case 'advance': {
        // Enter approves the step on screen: typed ahead while the walk moved on, it must not
        // start the next step (and its commands), or end the session, before the operator has
        // seen that screen.
        const shown = frame.onScreen;
        if (step && step.id !== shown?.stepId) return;
        if (at.stepOpen && step) return call(engine.advance(step.id));
        return;
      }
      case 'finish':
        return call(engine.finish('completed'));
      case 'toggle': {
        const item = step?.items[itemCursor];
        if (!step || !item) return;
        const ticked = stepState?.items[item.id] ?? item.checked;
        call(engine.toggleItem(step.id, item.id));
        // Ticking moves on to the next item, so Space Space Space works down a list.
        if (!ticked && itemCursor < step.items.length - 1) dispatch({ type: 'item', stepId: step.id, index: itemCursor + 1 });
        return;
      }
      case 'nextItem':
        if (step && step.items.length > 0) dispatch({ type: 'item', stepId: step.id, index: (itemCursor + 1) % step.items.length });
        return;
      case 'skip':
        if (step) dispatch({ type: 'open', overlay: { kind: 'skip', stepId: step.id } });
        return;
      case 'note':
        return dispatch({ type: 'open', overlay: { kind: 'note', stepId: step?.id } });
      case 'jump':
        return dispatch({ type: 'open', overlay: { kind: 'jump' } });
      case 'undo':
        return dispatch({ type: 'open', overlay: { kind: 'undo' } });
      case 'revisions':
        return dispatch({ type: 'open', overlay: { kind: 'revisions' } });
      case 'scrollDown':
      case 'scrollUp':
        if (!step) return;
        return dispatch({
          type: 'scroll',
          stepId: step.id,
          delta: (action === 'scrollDown' ? 1 : -1) * Math.max(1, layout.detailRows - 2),
          max: maxScroll(lines.length, layout.detailRows),
        });
      case 'outputUp':
      case 'outputDown':
        if (!step || !output) return;
        return dispatch({
          type: 'outputScroll',
          stepId: step.id,
          delta: (action === 'outputUp' ? 1 : -1) * Math.max(1, layout.liveRows - 2),
          max: maxOutputScroll(output.rows.length, layout.liveRows),
        });
      case 'pager': {
        if (!output) return;
        const problem = pager ? pager(output.files.map((f) => outputPath?.(f) ?? f)) : 'no pager here: the output files are in the session folder';
        // a message redraws the whole screen the pager covered
        return dispatch({ type: 'message', message: problem ? { tone: 'error', text: problem } : { tone: 'info', text: 'back from the pager' } });
      }
      case 'search':
        if (step) dispatch({ type: 'open', overlay: { kind: 'search', stepId: step.id } });
        return;
      case 'endSearch':
        if (step) dispatch({ type: 'search', stepId: step.id, query: undefined });
        return;
      case 'type':
        return dispatch({ type: 'open', overlay: { kind: 'type' } });
      case 'endWait':
        return dispatch({ type: 'open', overlay: { kind: 'endWait' } });
      case 'extendWait':
        return engine.extendWait?.(300);
      case 'help':
        return dispatch({ type: 'open', overlay: { kind: 'help' } });
      case 'quit':
        return requestQuit();
      case 'cancel':
        // The first ^C stops the command; another while it is still ending asks to quit (never quits unasked).
        // (a ref, not the message: two ^C in one read reach the same render)
        if (at.running && !cancelling.current) {
          cancelling.current = true;
          dispatch({ type: 'message', message: { tone: 'info', text: CANCELLING } });
          return call(engine.cancelRunning());
        }
        return requestQuit();
      default: {
        const never: never = action;
        return never;
      }
    }
  };

  const keys = useKeyDispatcher(engine, uiNow);
  const layer = keyLayer({ quitting: ui.quitting, overlay: ui.overlay.kind, promptId: prompt?.id });
  useKeys(() => perform('cancel', keyState()), { dispatcher: keys, layer: 'app' });
  useKeys(
    (input, key) => {
      const now = keyState();
      const help = now.ui.overlay;
      if (help.kind === 'help') {
        const k = promptKey(input, key);
        if (input === '?' || input === 'q' || key.escape) dispatch({ type: 'close' });
        else if (k === 'pageUp' || k === 'pageDown') {
          const step = Math.max(1, layout.detailRows - 3) * (k === 'pageDown' ? 1 : -1);
          dispatch({ type: 'open', overlay: { kind: 'help', scroll: Math.max(0, Math.min(maxHelpScroll(layout.detailRows), (help.scroll ?? 0) + step)) } });
        }
        return;
      }
      const action = matchAction(input, key, now.ctx);
      if (action) perform(action, now);
    },
    { dispatcher: keys, layer: 'main', isActive: layer === 'main' },
  );

  // Help is wide text: it takes the whole body, the list steps aside.
  const wide = layout.compact || ui.overlay.kind === 'help';
  const width = wide ? layout.columns : layout.detailWidth;
  const main = (() => {
    if (ui.quitting) return <Text color="yellow">Saving the session…</Text>;
    const overlay = ui.overlay;
    switch (overlay.kind) {
      case 'quit':
        return <QuitConfirm sessionId={state.id} running={running} onQuit={quit} onStay={() => dispatch({ type: 'close' })} />;
      case 'help':
        return <HelpOverlay width={width} height={layout.detailRows} {...(overlay.scroll !== undefined ? { scroll: overlay.scroll } : {})} />;
      case 'jump':
        return (
          <JumpOverlay
            runbook={runbook}
            height={layout.detailRows}
            onJump={(stepId) => {
              dispatch({ type: 'close' });
              engine.select(stepId);
            }}
            onCancel={() => dispatch({ type: 'close' })}
          />
        );
      case 'revisions':
        if (!appView) return <Text dimColor>The parameters no longer name a container app.</Text>;
        return <RevisionsPanel view={appView} width={width} height={layout.detailRows} onClose={() => dispatch({ type: 'close' })} />;
      case 'skip':
      case 'note':
      case 'undo':
      case 'type':
      case 'search':
      case 'endWait':
        return <EntryOverlay overlay={overlay} runbook={runbook} engine={engine} running={running} dispatch={dispatch} call={call} />;
      case 'none':
        if (prompt) return <PromptView pending={prompt} actor={state.actor} width={width} height={layout.detailRows} />;
        return <StepDetail lines={lines} scroll={scroll} width={width} height={layout.detailRows} />;
      default: {
        const never: never = overlay;
        return never;
      }
    }
  })();

  const hint = overlayHint(ui.overlay, prompt !== undefined);

  return (
    <Box flexDirection="column" width={layout.columns} height={layout.height} overflow="hidden">
      {/* eslint-disable-next-line react-hooks/purity -- during a wait the header's clock rides on the wait's own redraws (one frame clock, not two) */}
      <Header title={runbook.title} state={state} done={done - failed} failed={failed} total={total} compact={layout.compact} width={layout.columns} azureSimulated={appView?.simulated === true} {...(wait ? { now: Date.now() } : {})} />
      <Box height={layout.bodyRows} overflow="hidden">
        {wide ? null : (
          <>
            <StepList rows={rows} steps={state.steps} selectedId={selectedId} width={layout.listWidth} height={layout.bodyRows} />
            <Box width={3} height={layout.bodyRows} flexDirection="column" alignItems="center" overflow="hidden">
              <Text dimColor>{'│\n'.repeat(layout.bodyRows).trimEnd()}</Text>
            </Box>
          </>
        )}
        <Box flexDirection="column" width={width} height={layout.bodyRows} overflow="hidden">
          <Box height={layout.detailRows} flexDirection="column" overflow="hidden">
            <KeyRoot dispatcher={keys}>
              <KeyLayer layer={layer ?? 'none'}>{main}</KeyLayer>
            </KeyRoot>
          </Box>
          <BottomPane {...{ runbook, live, metric, wait, outputScroll, search, width }} output={outputShown ? output : undefined} height={layout.liveRows} />
        </Box>
      </Box>
      <StatusBar ctx={ctx} message={ui.message} hint={hint} width={layout.columns} />
    </Box>
  );
}
