// The parts of a session's state that grow with the runbook (a state for every step, a note
// for every gate a rehearsal walks past), kept so that the reducer applying one event does
// not copy them: copying a record of every step per event made a long walk quadratic. An
// update returns a new version and leaves the old one as it was, sharing all but one path of
// a 32-way trie: O(log32 n) per event. The state shows them as a read-only record and a
// read-only array (Proxies), the shapes every reader (the UI, the evidence pack, the tests)
// already uses; enumerating one costs O(n), as enumerating a record or an array does.
import type { SessionNote, StepState } from './types.js';

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;

/** A trie node: `WIDTH` slots of children, or of values at the bottom level. */
type Node = readonly unknown[];

/** A persistent array: get, set and push leave the version they were called on as it was. */
export class PersistentVector<V> {
  private constructor(
    readonly size: number,
    private readonly root: Node,
    /** BITS times the levels below the root. */
    private readonly shift: number,
  ) {}

  static empty<V>(): PersistentVector<V> {
    return new PersistentVector<V>(0, [], 0);
  }

  get(at: number): V | undefined {
    if (!Number.isInteger(at) || at < 0 || at >= this.size) return undefined;
    let node = this.root;
    for (let level = this.shift; level > 0; level -= BITS) node = node[(at >>> level) & MASK] as Node;
    return node[at & MASK] as V;
  }

  set(at: number, value: V): PersistentVector<V> {
    if (!Number.isInteger(at) || at < 0 || at >= this.size) throw new RangeError(`no position ${at} in a vector of ${this.size}`);
    return new PersistentVector<V>(this.size, assoc(this.root, this.shift, at, value), this.shift);
  }

  push(value: V): PersistentVector<V> {
    const full = this.size === WIDTH << this.shift;
    const root = full ? [this.root] : this.root;
    const shift = full ? this.shift + BITS : this.shift;
    return new PersistentVector<V>(this.size + 1, assoc(root, shift, this.size, value), shift);
  }

  *[Symbol.iterator](): IterableIterator<V> {
    for (let i = 0; i < this.size; i++) yield this.get(i) as V;
  }
}

/** `node` with the value at `at` replaced, copying only the path down to it. */
function assoc(node: Node | undefined, shift: number, at: number, value: unknown): Node {
  const copy = node ? node.slice() : [];
  const slot = (at >>> shift) & MASK;
  copy[slot] = shift === 0 ? value : assoc(copy[slot] as Node | undefined, shift - BITS, at, value);
  return copy;
}

/** A persistent map from id to value that keeps the order ids were first set in. */
export class PersistentTable<V> {
  private constructor(
    /** Position of each id; shared by the versions that grew from one another, which see only positions below their size. */
    private readonly positions: Map<string, number>,
    /** The id at each position, shared like `positions`. */
    private readonly ids: string[],
    private readonly values: PersistentVector<V>,
  ) {}

  static empty<V>(): PersistentTable<V> {
    return new PersistentTable<V>(new Map(), [], PersistentVector.empty());
  }

  static from<V>(entries: Iterable<readonly [string, V]>): PersistentTable<V> {
    let table = PersistentTable.empty<V>();
    for (const [id, value] of entries) table = table.set(id, value);
    return table;
  }

  get size(): number {
    return this.values.size;
  }

  has(id: string): boolean {
    return this.positionOf(id) !== undefined;
  }

  get(id: string): V | undefined {
    const at = this.positionOf(id);
    return at === undefined ? undefined : this.values.get(at);
  }

  set(id: string, value: V): PersistentTable<V> {
    const at = this.positionOf(id);
    if (at !== undefined) return new PersistentTable(this.positions, this.ids, this.values.set(at, value));
    // a version other than the newest grows: it takes its own copy of the ids (rare: a reducer test branching one state)
    const shared = this.ids.length === this.size;
    const ids = shared ? this.ids : this.ids.slice(0, this.size);
    const positions = shared ? this.positions : new Map(ids.map((x, i) => [x, i]));
    ids.push(id);
    positions.set(id, this.size);
    return new PersistentTable<V>(positions, ids, this.values.push(value));
  }

  keys(): string[] {
    return this.ids.slice(0, this.size);
  }

  *entries(): IterableIterator<[string, V]> {
    for (let i = 0; i < this.size; i++) yield [this.ids[i] as string, this.values.get(i) as V];
  }

  private positionOf(id: string): number | undefined {
    const at = this.positions.get(id);
    return at !== undefined && at < this.size ? at : undefined;
  }
}

/** Where a view keeps the version it shows: a property of the Proxy's target that no reader sees. */
const BEHIND = Symbol('persistent');

/** A target holding `behind` out of sight (configurable, so that the views may leave it out of their keys). */
function targetFor<T extends object>(target: T, behind: unknown): T {
  return Object.defineProperty(target, BEHIND, { value: behind, configurable: true });
}

function behind<T>(target: object): T {
  return (target as Record<typeof BEHIND, T>)[BEHIND];
}

/** Views refuse writes: a reader that tried one would be changing a state others hold. */
const readOnly = { set: () => false, defineProperty: () => false, deleteProperty: () => false };

type StepRecord = Readonly<Record<string, StepState>>;

/** One handler for every record view: reads, `in`, Object.keys/values/entries and spreading work; writes throw. */
const recordHandler: ProxyHandler<Record<string, StepState>> = {
  ...readOnly,
  get: (target, key, receiver): unknown => {
    if (key === BEHIND) return behind(target);
    const table = behind<PersistentTable<StepState>>(target);
    return typeof key === 'string' && table.has(key) ? table.get(key) : (Reflect.get(target, key, receiver) as unknown);
  },
  has: (target, key) => (typeof key === 'string' && behind<PersistentTable<StepState>>(target).has(key)) || (key !== BEHIND && Reflect.has(target, key)),
  ownKeys: (target) => behind<PersistentTable<StepState>>(target).keys(),
  getOwnPropertyDescriptor: (target, key) => {
    const table = behind<PersistentTable<StepState>>(target);
    return typeof key === 'string' && table.has(key) ? { value: table.get(key), writable: false, enumerable: true, configurable: true } : undefined;
  },
};

function recordView(table: PersistentTable<StepState>): StepRecord {
  return new Proxy(targetFor({}, table), recordHandler);
}

/** Step states in the order given. */
export function stepRecord(entries: Iterable<readonly [string, StepState]>): StepRecord {
  return recordView(PersistentTable.from(entries));
}

/**
 * `steps` with each listed step replaced by `update` of it (a step missing from it is made
 * from `missing`, or left out when that gives nothing), without copying the others. A plain
 * record (a state built by hand) is read into a table once.
 */
export function updateSteps(steps: StepRecord, ids: Iterable<string>, update: (s: StepState) => StepState, missing?: () => StepState): StepRecord {
  let table = behind<PersistentTable<StepState> | undefined>(steps) ?? PersistentTable.from(Object.entries(steps));
  for (const id of ids) {
    const current = table.get(id) ?? missing?.();
    if (current !== undefined) table = table.set(id, update(current));
  }
  return recordView(table);
}

/** The index a property key names, if it names one of the first `size`. */
function indexIn(key: string | symbol, size: number): number | undefined {
  if (typeof key !== 'string' || !/^(0|[1-9]\d*)$/.test(key)) return undefined;
  const at = Number(key);
  return at < size ? at : undefined;
}

/** One handler for every array view: indexing, length, the array methods, spreading and JSON work; writes throw. */
const listHandler: ProxyHandler<SessionNote[]> = {
  ...readOnly,
  get: (target, key, receiver): unknown => {
    if (key === BEHIND) return behind(target);
    const list = behind<PersistentVector<SessionNote>>(target);
    if (key === 'length') return list.size;
    const at = indexIn(key, list.size);
    return at !== undefined ? list.get(at) : (Reflect.get(target, key, receiver) as unknown);
  },
  has: (target, key) => indexIn(key, behind<PersistentVector<SessionNote>>(target).size) !== undefined || (key !== BEHIND && Reflect.has(target, key)),
  ownKeys: (target) => [...Array.from({ length: behind<PersistentVector<SessionNote>>(target).size }, (_, i) => String(i)), 'length'],
  getOwnPropertyDescriptor: (target, key) => {
    const list = behind<PersistentVector<SessionNote>>(target);
    if (key === 'length') return { value: list.size, writable: true, enumerable: false, configurable: false };
    const at = indexIn(key, list.size);
    return at !== undefined ? { value: list.get(at), writable: false, enumerable: true, configurable: true } : undefined;
  },
};

/** `notes` with `note` after them, without copying them. A plain array is read in once. */
export function appendNote(notes: readonly SessionNote[], note: SessionNote): readonly SessionNote[] {
  let list = behind<PersistentVector<SessionNote> | undefined>(notes);
  if (!list) {
    list = PersistentVector.empty();
    for (const n of notes) list = list.push(n);
  }
  return new Proxy(targetFor<SessionNote[]>([], list.push(note)), listHandler);
}
