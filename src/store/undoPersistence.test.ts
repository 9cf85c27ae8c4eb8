import { describe, expect, it } from 'vitest';
import { builtinScenarios, editableCopy } from '../scenarios/index.ts';
import { fieldsOf } from './scenarioSlice.ts';
import { loadUndo, saveUndo, UNDO_BUDGET, UNDO_KEPT, UNDO_KEY } from './undoPersistence.ts';

function memory() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    m,
  };
}

describe('undo history across a reload', () => {
  it('round-trips the latest entries', () => {
    const storage = memory();
    const stack = builtinScenarios.map((b) => fieldsOf(editableCopy(b)));
    saveUndo(storage, stack);
    expect(loadUndo(storage)).toEqual(stack.slice(-UNDO_KEPT));
  });

  it('drops the oldest entries past the size budget', () => {
    const storage = memory();
    const big = fieldsOf({ ...editableCopy(builtinScenarios[0]!), rules: 'x'.repeat(UNDO_BUDGET / 3) });
    saveUndo(storage, [big, big, big, big]);
    expect(storage.m.get(UNDO_KEY)!.length).toBeLessThanOrEqual(UNDO_BUDGET);
    expect(loadUndo(storage).length).toBe(2);
  });

  it('ignores damaged or hostile data instead of restoring it', () => {
    const storage = memory();
    storage.setItem(UNDO_KEY, '{not json');
    expect(loadUndo(storage)).toEqual([]);
    storage.setItem(UNDO_KEY, JSON.stringify([{ rules: 5 }, { nope: true }]));
    expect(loadUndo(storage)).toEqual([]);
  });
});
