// THE one list of keys. The help overlay (?) and the status bar's "keys that work now"
// are generated from it, and the App dispatches through matchAction, so a key described
// here is a key that works, and nothing works that is not described here.
import type { Key } from 'ink';

export type Action =
  | 'up'
  | 'down'
  | 'advance'
  | 'finish'
  | 'toggle'
  | 'nextItem'
  | 'skip'
  | 'note'
  | 'jump'
  | 'undo'
  | 'revisions'
  | 'scrollUp'
  | 'scrollDown'
  | 'outputUp'
  | 'outputDown'
  | 'pager'
  | 'search'
  | 'endSearch'
  | 'type'
  | 'endWait'
  | 'extendWait'
  | 'help'
  | 'quit'
  | 'cancel';

/** What is true on screen right now; decides which bindings apply. */
export interface KeyContext {
  /** A command of the session is running. */
  running: boolean;
  /** The selected step has sub-checklist items. */
  hasItems: boolean;
  /** The selected step can still be run, completed or skipped. */
  stepOpen: boolean;
  /** Every step has an outcome. */
  allDone: boolean;
  /** The all-done screen has been up long enough that Enter finishes the session. */
  finishable: boolean;
  /** The step detail is taller than its pane. */
  detailScrolls: boolean;
  /** The running command accepts typed input. */
  canType: boolean;
  /** The selected step's finished output is on screen and longer than its pane. */
  outputScrolls: boolean;
  /** The selected step has spooled output of a finished run. */
  hasOutput: boolean;
  /** The output pane shows a search's matches. */
  searching: boolean;
  /** The runbook's parameters name a container app, its resource group and subscription. */
  hasApp: boolean;
  /** The last decision's branch can be undone (none of its steps has run yet). */
  canUndo: boolean;
  /** A monitored wait is counting down. */
  waiting: boolean;
}

type KeyFlag = 'upArrow' | 'downArrow' | 'return' | 'tab' | 'pageUp' | 'pageDown' | 'escape';

interface KeyMatch {
  /** A typed character (case-sensitive). */
  input?: string;
  /** A special key flag from ink's Key. */
  key?: KeyFlag;
  ctrl?: boolean;
}

export interface Binding {
  action: Action;
  keys: readonly KeyMatch[];
  /** How the keys are written in help, e.g. "↑ ↓ j k". */
  label: string;
  /** Short form for the status bar. */
  short: string;
  description: string;
  /** When the key applies, in words (shown in help). */
  when: string;
  applies(ctx: KeyContext): boolean;
  /** Whether the status bar lists it now (default: whenever it applies). */
  listed?(ctx: KeyContext): boolean;
}

const always = (): boolean => true;

export const KEYMAP: readonly Binding[] = [
  {
    action: 'up',
    keys: [{ key: 'upArrow' }, { input: 'k' }],
    label: '↑ k',
    short: '↑↓ jk move',
    description: 'select the previous step',
    when: 'always',
    applies: always,
  },
  {
    action: 'down',
    keys: [{ key: 'downArrow' }, { input: 'j' }],
    label: '↓ j',
    short: '',
    description: 'select the next step',
    when: 'always',
    applies: always,
  },
  {
    action: 'advance',
    keys: [{ key: 'return' }],
    label: 'Enter',
    short: '⏎ run/done',
    description: 'run or complete the selected step',
    when: 'no command is running',
    applies: (c) => !c.running && c.stepOpen,
  },
  {
    action: 'finish',
    keys: [{ key: 'return' }],
    label: 'Enter',
    short: '⏎ finish',
    description: 'finish the session',
    when: 'every step is done (offered a moment after that screen shows)',
    applies: (c) => !c.running && c.finishable,
  },
  {
    action: 'toggle',
    keys: [{ input: ' ' }],
    label: 'Space',
    short: '␣ tick',
    description: 'tick or untick the highlighted sub-checklist item',
    when: 'the step has sub-items',
    applies: (c) => c.hasItems,
  },
  {
    action: 'nextItem',
    keys: [{ key: 'tab' }],
    label: 'Tab',
    short: 'Tab item',
    description: 'highlight the next sub-checklist item',
    when: 'the step has sub-items',
    applies: (c) => c.hasItems,
  },
  {
    action: 'skip',
    keys: [{ input: 's' }],
    label: 's',
    short: 's skip',
    description: 'skip the selected step (asks for a reason)',
    when: 'the step is not finished and no command is running',
    applies: (c) => c.stepOpen && !c.running,
  },
  {
    action: 'note',
    keys: [{ input: 'n' }],
    label: 'n',
    short: 'n note',
    description: 'add a note to the session log',
    when: 'always',
    applies: always,
  },
  {
    action: 'undo',
    keys: [{ input: 'u' }],
    label: 'u',
    short: 'u undo decision',
    description: 'undo the last answer (asks a reason): its question is asked again',
    when: 'an answer just jumped or added a step, none of them run yet',
    applies: (c) => c.canUndo && !c.running,
  },
  {
    action: 'jump',
    keys: [{ input: 'g' }],
    label: 'g',
    short: 'g go to',
    description: 'jump to a section',
    when: 'always',
    applies: always,
  },
  {
    action: 'outputDown',
    keys: [{ key: 'pageDown' }],
    label: 'PgDn',
    short: 'PgUp/PgDn output',
    description: "scroll the step's output down (towards its end)",
    when: "the step's output is longer than its pane",
    applies: (c) => c.outputScrolls,
  },
  {
    action: 'outputUp',
    keys: [{ key: 'pageUp' }],
    label: 'PgUp',
    short: '',
    description: "scroll the step's output up (towards its start)",
    when: "the step's output is longer than its pane",
    applies: (c) => c.outputScrolls,
  },
  {
    action: 'pager',
    keys: [{ input: 'o' }],
    label: 'o',
    short: 'o full output',
    description: "open the step's full output in $PAGER (less -R by default)",
    when: 'the step has output and no command is running',
    applies: (c) => c.hasOutput && !c.running,
  },
  {
    action: 'search',
    keys: [{ input: '/' }],
    label: '/',
    short: '/ search',
    description: "search the step's output (the matching lines, with their line numbers)",
    when: 'the step has output and no command is running',
    applies: (c) => c.hasOutput && !c.running,
  },
  {
    action: 'endSearch',
    keys: [{ key: 'escape' }],
    label: 'Esc',
    short: 'Esc end search',
    description: "show the step's output again instead of the search's matches",
    when: 'a search is shown',
    applies: (c) => c.searching,
  },
  {
    action: 'revisions',
    keys: [{ input: 'r' }],
    label: 'r',
    short: 'r revisions',
    description: "show the container app's revisions: traffic, replicas, health, image (refreshed while open; r or Esc closes)",
    when: 'the parameters name a container app, resource group and subscription',
    applies: (c) => c.hasApp,
  },
  {
    action: 'scrollDown',
    keys: [{ key: 'pageDown' }, { input: ']' }],
    label: 'PgDn ]',
    short: 'PgUp/PgDn scroll',
    description: 'scroll the step detail down',
    when: 'the detail is taller than its pane',
    applies: (c) => c.detailScrolls,
    // with an output pane, PgUp/PgDn scroll the output: the bar names those
    listed: (c) => !c.outputScrolls,
  },
  {
    action: 'scrollUp',
    keys: [{ key: 'pageUp' }, { input: '[' }],
    label: 'PgUp [',
    short: '',
    description: 'scroll the step detail up',
    when: 'the detail is taller than its pane',
    applies: (c) => c.detailScrolls,
  },
  {
    action: 'type',
    keys: [{ input: 'i' }],
    label: 'i',
    short: 'i type',
    description: 'type a line into the running command (Enter sends, Esc closes)',
    when: 'a command is running',
    applies: (c) => c.running && c.canType,
  },
  {
    action: 'endWait',
    keys: [{ input: 'x' }],
    label: 'x',
    short: 'x end wait',
    description: 'end the monitored wait now (asks for a reason, recorded; the step is then waived)',
    when: 'a monitored wait is counting down',
    applies: (c) => c.waiting,
  },
  {
    action: 'extendWait',
    keys: [{ input: '+' }],
    label: '+',
    short: '+ 5 min',
    description: 'extend the monitored wait by 5 minutes (recorded)',
    when: 'a monitored wait is counting down',
    applies: (c) => c.waiting,
  },
  {
    action: 'help',
    keys: [{ input: '?' }],
    label: '?',
    short: '? help',
    description: 'show or hide this help',
    when: 'always',
    applies: always,
  },
  {
    action: 'quit',
    keys: [{ input: 'q' }],
    label: 'q',
    short: 'q quit',
    description: 'quit; asks first when the session is unfinished, which stays resumable',
    when: 'always',
    applies: always,
  },
  {
    action: 'cancel',
    keys: [{ input: 'c', ctrl: true }],
    label: 'Ctrl-C',
    short: '^C cancel',
    description: 'cancel the running command; when nothing runs, quit like q',
    when: 'always',
    applies: always,
    listed: (c) => c.running,
  },
];

function matches(m: KeyMatch, input: string, key: Key): boolean {
  if (Boolean(m.ctrl) !== key.ctrl) return false;
  if (m.key !== undefined) return key[m.key];
  if (m.input !== undefined) return input === m.input && !key.meta;
  return false;
}

/** The action a key press triggers in this context, if any (the first binding of the key that applies). */
export function matchAction(input: string, key: Key, ctx: KeyContext): Action | undefined {
  return KEYMAP.find((b) => b.keys.some((m) => matches(m, input, key)) && b.applies(ctx))?.action;
}

/** Bindings that work now, for the status bar (entries without a short label fold into a sibling). */
export function activeBindings(ctx: KeyContext): Binding[] {
  return KEYMAP.filter((b) => b.short !== '' && b.applies(ctx) && (b.listed?.(ctx) ?? true));
}

/** True when a press is Ctrl-C: prompts use it to reach the quit confirmation. */
export function isCtrlC(input: string, key: Key): boolean {
  return key.ctrl && input === 'c';
}

/**
 * Keys inside prompts and dialogs, where they answer the question on screen (the main keys
 * above do not apply there; ^C still asks to quit). Each view says which of them it offers.
 */
export type PromptKey = 'yes' | 'no' | 'back' | 'previous' | 'next' | 'choose' | 'approve' | 'decline' | 'quit' | 'pageUp' | 'pageDown';

export const PROMPT_KEYMAP: readonly { key: PromptKey; keys: readonly KeyMatch[] }[] = [
  { key: 'yes', keys: [{ input: 'y' }, { input: 'Y' }] },
  { key: 'no', keys: [{ input: 'n' }, { input: 'N' }] },
  { key: 'back', keys: [{ key: 'escape' }] },
  { key: 'previous', keys: [{ key: 'upArrow' }] },
  { key: 'next', keys: [{ key: 'downArrow' }] },
  { key: 'choose', keys: [{ key: 'return' }] },
  { key: 'approve', keys: [{ input: 'a' }] },
  { key: 'decline', keys: [{ input: 'd' }] },
  { key: 'quit', keys: [{ input: 'q' }] },
  { key: 'pageUp', keys: [{ key: 'pageUp' }] },
  { key: 'pageDown', keys: [{ key: 'pageDown' }] },
];

/** The prompt key a press is, if any. */
export function promptKey(input: string, key: Key): PromptKey | undefined {
  return PROMPT_KEYMAP.find((b) => b.keys.some((m) => matches(m, input, key)))?.key;
}

/** The quit question's answer: y or ^C quits; n, Esc or q again stays. */
export function quitAnswer(input: string, key: Key): 'quit' | 'stay' | undefined {
  if (isCtrlC(input, key)) return 'quit';
  const k = promptKey(input, key);
  if (k === 'yes') return 'quit';
  if (k === 'no' || k === 'back' || k === 'quit') return 'stay';
  return undefined;
}
