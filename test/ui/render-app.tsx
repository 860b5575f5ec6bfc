// Renders the App over an engine (usually a FakeEngine) with ink-testing-library, at a chosen terminal size.
import { render } from 'ink-testing-library';
import { App, type TuiExit } from '../../src/ui/app.js';
import type { SessionEngine } from '../../src/session/types.js';
import type { DrawnFrame } from '../../src/ui/drawn-frame.js';
import { idle, until } from './keys.js';

export interface Rendered {
  frame(): string;
  stdin: { write(data: string): void };
  exits: TuiExit[];
  resize(columns: number, rows: number): Promise<void>;
  unmount(): void;
}

export async function renderApp(
  engine: SessionEngine,
  size: { columns: number; rows: number } = { columns: 100, rows: 30 },
  frame?: DrawnFrame,
  extra: { pager?: (files: string[]) => string | undefined } = {},
): Promise<Rendered> {
  const exits: TuiExit[] = [];
  const inst = render(<App engine={engine} onExit={(r) => exits.push(r)} {...(frame ? { frame } : {})} {...extra} />);
  const setSize = (columns: number, rows: number): void => {
    Object.defineProperty(inst.stdout, 'columns', { get: () => columns, configurable: true });
    Object.defineProperty(inst.stdout, 'rows', { get: () => rows, configurable: true });
  };
  setSize(size.columns, size.rows);
  inst.stdout.emit('resize');
  await idle();
  await until(() => (inst.lastFrame() ?? '').split('\n').length > 1, () => inst.lastFrame() ?? '');
  return {
    frame: () => inst.lastFrame() ?? '',
    stdin: inst.stdin,
    exits,
    async resize(columns, rows) {
      setSize(columns, rows);
      inst.stdout.emit('resize');
      await idle();
    },
    unmount: () => inst.unmount(),
  };
}
