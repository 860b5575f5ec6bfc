// The reducer's persistent step table and notes: every version keeps what it held (a snapshot
// taken before an event still shows the step as it was), order is the order ids came in, and
// the views read like the plain record and array they replaced.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendNote, PersistentTable, stepRecord, updateSteps } from '../../src/session/persistent.js';
import type { SessionNote, StepState } from '../../src/session/types.js';

const pending = (): StepState => ({ status: 'pending', items: {}, runs: [] });

describe('PersistentTable', () => {
  it('behaves like a Map copied at every set, across thousands of ids and branching versions', () => {
    const op = fc.tuple(fc.nat({ max: 5000 }), fc.nat({ max: 3000 }), fc.integer());
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 400 }), (ops) => {
        // each op sets an id on an earlier version (so versions branch), checked against a Map copy of that version
        const versions: { table: PersistentTable<number>; model: Map<string, number> }[] = [{ table: PersistentTable.empty(), model: new Map() }];
        for (const [from, id, value] of ops) {
          const base = versions[from % versions.length]!;
          const model = new Map(base.model).set(`s${id}`, value);
          versions.push({ table: base.table.set(`s${id}`, value), model });
        }
        for (const { table, model } of versions) {
          expect([...table.entries()]).toEqual([...model.entries()]);
          expect(table.size).toBe(model.size);
          expect(table.get('s-none')).toBeUndefined();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('holds 40,000 ids in the order they came, each readable', () => {
    const ids = Array.from({ length: 40_000 }, (_, i) => `step-${i}`);
    const table = PersistentTable.from(ids.map((id, i) => [id, i] as const));
    expect(table.keys()).toEqual(ids);
    expect(ids.every((id, i) => table.get(id) === i)).toBe(true);
    const changed = table.set('step-12345', -1);
    expect(changed.get('step-12345')).toBe(-1);
    expect(table.get('step-12345')).toBe(12345);
  });
});

describe('the steps record', () => {
  it('reads like a plain record, keeps each version as it was, and refuses writes', () => {
    const before = stepRecord([
      ['a', pending()],
      ['b', pending()],
    ]);
    const after = updateSteps(before, ['b'], (s) => ({ ...s, status: 'passed' }));
    expect(before.b?.status).toBe('pending');
    expect(after.b?.status).toBe('passed');
    expect(after.a).toBe(before.a);
    expect(Object.keys(after)).toEqual(['a', 'b']);
    expect(Object.values(after).map((s) => s.status)).toEqual(['pending', 'passed']);
    expect({ ...after }).toEqual({ a: pending(), b: { ...pending(), status: 'passed' } });
    expect(JSON.parse(JSON.stringify(after))).toEqual({ a: pending(), b: { ...pending(), status: 'passed' } });
    expect('a' in after && !('c' in after)).toBe(true);
    expect(after.c).toBeUndefined();
    expect(() => {
      (after as Record<string, StepState>).c = pending();
    }).toThrow(TypeError);
  });

  it('adds a missing step only when told how to make it, and takes a plain record too', () => {
    const plain: Record<string, StepState> = { a: pending() };
    const same = updateSteps(plain, ['x'], (s) => ({ ...s, status: 'skipped' }));
    expect(Object.keys(same)).toEqual(['a']);
    const added = updateSteps(plain, ['x'], (s) => ({ ...s, status: 'skipped' }), pending);
    expect(Object.keys(added)).toEqual(['a', 'x']);
    expect(added.x?.status).toBe('skipped');
    expect(plain.x).toBeUndefined();
  });
});

describe('the notes array', () => {
  const note = (text: string, stepId?: string): SessionNote => ({ ts: '2026-01-01T00:00:00.000Z', actor: 'alice', text, ...(stepId ? { stepId } : {}) });

  it('reads like a plain array, keeps each version as it was, and refuses writes', () => {
    const one = appendNote([note('first')], note('second', 's1'));
    const two = appendNote(one, note('third', 's2'));
    expect(one).toHaveLength(2);
    expect(two).toHaveLength(3);
    expect(Array.isArray(two)).toBe(true);
    expect(two[2]?.text).toBe('third');
    expect(two[3]).toBeUndefined();
    expect(two.filter((n) => n.stepId === 's2').map((n) => n.text)).toEqual(['third']);
    expect([...two].map((n) => n.text)).toEqual(['first', 'second', 'third']);
    expect(two).toEqual([note('first'), note('second', 's1'), note('third', 's2')]);
    expect(JSON.parse(JSON.stringify(one))).toEqual([note('first'), note('second', 's1')]);
    expect(Object.keys(two)).toEqual(['0', '1', '2']);
    expect(() => {
      (two as SessionNote[]).push(note('fourth'));
    }).toThrow(TypeError);
  });

  it('holds 5,000 notes, each readable', () => {
    let notes: readonly SessionNote[] = [];
    for (let i = 0; i < 5000; i++) notes = appendNote(notes, note(`n${i}`));
    expect(notes).toHaveLength(5000);
    expect(notes.every((n, i) => n.text === `n${i}`)).toBe(true);
  });
});
