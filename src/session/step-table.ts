// The session's step states by step id, as the reducer keeps them. A session of 100,000 steps
// applies every event to a state holding all of them; copying a record of every step per
// event made a long walk quadratic. Here an update returns a new table and leaves the old one
// as it was, sharing all but one path of a 32-way trie: O(log32 n) per event. The state
// shows the table as a read-only record (a Proxy), the shape every reader (the UI, the
// evidence pack, the tests) already uses; enumerating it costs O(n), as a record's does.
import type { StepState } from './types.js';

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;

/** A trie node: `WIDTH` slots of children, or of values at the bottom level. */
type Node = readonly unknown[];

/** A persistent map from id to value that keeps the order ids were first set in. */
export class PersistentTable<V> {
  private constructor(
    /** Position of each id; shared by the versions that grew from one another, which see only positions below their size. */
    private readonly positions: Map<string, number>,
    /** The id at each position, shared like `positions`. */
    private readonly ids: string[],
    readonly size: number,
    private readonly root: Node,
    /** BITS times the levels below the root. */
    private readonly shift: number,
  ) {}

  static empty<V>(): PersistentTable<V> {
    return new PersistentTable<V>(new Map(), [], 0, [], 0);
  }

  static from<V>(entries: Iterable<readonly [string, V]>): PersistentTable<V> {
    let table = PersistentTable.empty<V>();
    for (const [id, value] of entries) table = table.set(id, value);
    return table;
  }

  has(id: string): boolean {
    return this.positionOf(id) !== undefined;
  }

  get(id: string): V | undefined {
    const at = this.positionOf(id);
    return at === undefined ? undefined : this.valueAt(at);
  }

  set(id: string, value: V): PersistentTable<V> {
    const at = this.positionOf(id);
    if (at !== undefined) return new PersistentTable(this.positions, this.ids, this.size, assoc(this.root, this.shift, at, value), this.shift);
    // a version other than the newest grows: it takes its own copy of the ids (rare: a reducer test branching one state)
    const shared = this.ids.length === this.size;
    const ids = shared ? this.ids : this.ids.slice(0, this.size);
    const positions = shared ? this.positions : new Map(ids.map((x, i) => [x, i]));
    ids.push(id);
    positions.set(id, this.size);
    const full = this.size === WIDTH << this.shift;
    const root = full ? [this.root] : this.root;
    const shift = full ? this.shift + BITS : this.shift;
    return new PersistentTable<V>(positions, ids, this.size + 1, assoc(root, shift, this.size, value), shift);
  }

  keys(): string[] {
    return this.ids.slice(0, this.size);
  }

  *entries(): IterableIterator<[string, V]> {
    for (let i = 0; i < this.size; i++) yield [this.ids[i] as string, this.valueAt(i)];
  }

  private positionOf(id: string): number | undefined {
    const at = this.positions.get(id);
    return at !== undefined && at < this.size ? at : undefined;
  }

  private valueAt(at: number): V {
    let node = this.root;
    for (let level = this.shift; level > 0; level -= BITS) node = node[(at >>> level) & MASK] as Node;
    return node[at & MASK] as V;
  }
}

/** `node` with the value at `at` replaced, copying only the path down to it. */
function assoc(node: Node | undefined, shift: number, at: number, value: unknown): Node {
  const copy = node ? node.slice() : [];
  const slot = (at >>> shift) & MASK;
  copy[slot] = shift === 0 ? value : assoc(copy[slot] as Node | undefined, shift - BITS, at, value);
  return copy;
}

type StepRecord = Readonly<Record<string, StepState>>;

/** The table behind each record handed out, to update it without copying. */
const tables = new WeakMap<StepRecord, PersistentTable<StepState>>();

/** The table as a read-only record: reads, `in`, Object.keys/values/entries and spreading work; writes throw. */
function asRecord(table: PersistentTable<StepState>): StepRecord {
  const record = new Proxy<Record<string, StepState>>(
    {},
    {
      get: (target, key, receiver): unknown => (typeof key === 'string' && table.has(key) ? table.get(key) : (Reflect.get(target, key, receiver) as unknown)),
      has: (target, key) => (typeof key === 'string' && table.has(key)) || Reflect.has(target, key),
      ownKeys: () => table.keys(),
      getOwnPropertyDescriptor: (_target, key) =>
        typeof key === 'string' && table.has(key) ? { value: table.get(key), writable: false, enumerable: true, configurable: true } : undefined,
      set: () => false,
      defineProperty: () => false,
      deleteProperty: () => false,
    },
  );
  tables.set(record, table);
  return record;
}

/** Step states in the order given. */
export function stepRecord(entries: Iterable<readonly [string, StepState]>): StepRecord {
  return asRecord(PersistentTable.from(entries));
}

/**
 * `steps` with each listed step replaced by `update` of it (a step missing from it is made
 * from `missing`, or left out when that gives nothing), without copying the others. A plain
 * record (a state built by hand) is read into a table once.
 */
export function updateSteps(
  steps: StepRecord,
  ids: Iterable<string>,
  update: (s: StepState) => StepState,
  missing?: () => StepState,
): StepRecord {
  let table = tables.get(steps) ?? PersistentTable.from(Object.entries(steps));
  for (const id of ids) {
    const current = table.get(id) ?? missing?.();
    if (current !== undefined) table = table.set(id, update(current));
  }
  return asRecord(table);
}
