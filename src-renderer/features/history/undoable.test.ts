import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, redo, undo, undoable, type CoalesceMeta } from './undoable';

const counter = createSlice({
  name: 'counter',
  initialState: { value: 0, renders: 0 },
  reducers: {
    set: {
      reducer(state, action: PayloadAction<number, string, CoalesceMeta>) {
        state.value = action.payload;
      },
      prepare: (value: number, meta: CoalesceMeta = {}) => ({ payload: value, meta }),
    },
    renderLanded(state) {
      state.renders += 1;
    },
    loaded: (_state, action: PayloadAction<number>) => ({ value: action.payload, renders: 0 }),
  },
});
const { set, renderLanded, loaded } = counter.actions;
const reducer = undoable(counter.reducer, { isUntracked: renderLanded.match, isReset: loaded.match });
const run = (...actions: Parameters<typeof reducer>[1][]) => actions.reduce(reducer, reducer(undefined, { type: 'init' }));

describe('undo history', () => {
  it('undoes and redoes each edit, and a new edit clears the redo branch', () => {
    let h = run(set(1), set(2), set(3));
    expect(h.present.value).toBe(3);
    h = reducer(reducer(h, undo()), undo());
    expect(h.present.value).toBe(1);
    expect(canRedo(h)).toBe(true);
    h = reducer(h, redo());
    expect(h.present.value).toBe(2);
    h = reducer(h, set(9));
    expect(canRedo(h)).toBe(false);
    expect(reducer(h, undo()).present.value).toBe(2);
  });

  it('does nothing past either end, and records nothing for an edit that changes nothing', () => {
    const start = run();
    expect(reducer(start, undo())).toBe(start);
    expect(reducer(start, redo())).toBe(start);
    const h = run(set(1));
    expect(reducer(h, set(1))).toBe(h);
  });

  it('coalesces a drag into one step', () => {
    const h = run(set(5), set(6, { coalesce: 'drag-1' }), set(7, { coalesce: 'drag-1' }), set(8, { coalesce: 'drag-1' }), set(20, { coalesce: 'drag-2' }));
    expect(h.past.map((s) => s.value)).toEqual([0, 5, 8]);
    const once = reducer(h, undo());
    expect(once.present.value).toBe(8);
    expect(reducer(once, undo()).present.value).toBe(5);
  });

  it('coalesces typing only within its time window', () => {
    const typing = (value: number, at: number) => set(value, { coalesce: 'prompt:s1', windowMs: 1000, at });
    const h = run(typing(1, 0), typing(2, 400), typing(3, 900), typing(4, 3000));
    expect(h.past.map((s) => s.value)).toEqual([0, 3]);
  });

  it('never merges into a step that was undone', () => {
    let h = run(set(1, { coalesce: 'k' }), set(2, { coalesce: 'k' }));
    h = reducer(h, undo());
    h = reducer(h, set(3, { coalesce: 'k' }));
    expect(h.present.value).toBe(3);
    expect(reducer(h, undo()).present.value).toBe(0);
  });

  it('keeps untracked changes through undo and redo', () => {
    let h = run(set(1), set(2));
    h = reducer(h, renderLanded());
    expect(h.past.length).toBe(2);
    h = reducer(reducer(h, undo()), undo());
    expect(h.present).toEqual({ value: 0, renders: 1 });
    h = reducer(h, redo());
    expect(h.present).toEqual({ value: 1, renders: 1 });
  });

  it('starts empty after a load and caps its length', () => {
    const h = run(set(1), set(2), loaded(7));
    expect(canUndo(h)).toBe(false);
    const capped = undoable(counter.reducer, { limit: 3 });
    const many = [1, 2, 3, 4, 5].map((v) => set(v)).reduce(capped, capped(undefined, { type: 'init' }));
    expect(many.past.map((s) => s.value)).toEqual([2, 3, 4]);
  });
});
