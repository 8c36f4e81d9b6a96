/**
 * Undo history as a reducer enhancer over the project document. Only document edits are recorded; UI state lives
 * elsewhere. Edits that share a coalesce key (one drag, one burst of typing) become one step.
 *
 * Three kinds of actions besides undo/redo:
 * - recorded: the default; a step is pushed when the document changes;
 * - untracked: changes that come from outside the user's editing (a take finished rendering) — applied to the
 *   present and replayed onto every past and future state, so undo never takes a finished render away;
 * - reset: a document was loaded; history starts empty.
 */
import type { Action, Reducer, UnknownAction } from '@reduxjs/toolkit';

export interface History<S> {
  past: S[];
  present: S;
  future: S[];
  /** Coalesce key and time of the last recorded step. */
  lastKey: string | null;
  lastAt: number;
}

/** Put on an action's `meta` to merge it into the previous step when that step had the same key. */
export interface CoalesceMeta {
  coalesce?: string;
  /** Merge only when the previous step with this key is at most this old (ms); no limit when absent. */
  windowMs?: number;
  /** When the action was created (ms); reducers stay pure by reading time from here. */
  at?: number;
}

export const undo = () => ({ type: 'history/undo' as const });
export const redo = () => ({ type: 'history/redo' as const });

export interface UndoableOptions {
  limit?: number;
  isUntracked?: (action: UnknownAction) => boolean;
  isReset?: (action: UnknownAction) => boolean;
}

function metaOf(action: Action): CoalesceMeta {
  const meta = (action as { meta?: unknown }).meta;
  return meta && typeof meta === 'object' ? (meta as CoalesceMeta) : {};
}

export function undoable<S>(reducer: Reducer<S, UnknownAction>, options: UndoableOptions = {}): Reducer<History<S>, UnknownAction> {
  const limit = options.limit ?? 200;
  const initial: History<S> = { past: [], present: reducer(undefined, { type: '@@history/init' }), future: [], lastKey: null, lastAt: 0 };

  return (state = initial, action) => {
    if (action.type === 'history/undo') {
      const previous = state.past[state.past.length - 1];
      if (previous === undefined) return state;
      return { past: state.past.slice(0, -1), present: previous, future: [state.present, ...state.future], lastKey: null, lastAt: 0 };
    }
    if (action.type === 'history/redo') {
      const [next, ...rest] = state.future;
      if (next === undefined) return state;
      return { past: [...state.past, state.present], present: next, future: rest, lastKey: null, lastAt: 0 };
    }
    const present = reducer(state.present, action);
    if (options.isReset?.(action)) return { past: [], present, future: [], lastKey: null, lastAt: 0 };
    if (options.isUntracked?.(action)) {
      if (present === state.present) return state;
      return {
        ...state,
        past: state.past.map((s) => reducer(s, action)),
        present,
        future: state.future.map((s) => reducer(s, action)),
      };
    }
    if (present === state.present) return state;
    const meta = metaOf(action);
    const at = meta.at ?? 0;
    const merges =
      meta.coalesce !== undefined &&
      meta.coalesce === state.lastKey &&
      state.past.length > 0 &&
      (meta.windowMs === undefined || at - state.lastAt <= meta.windowMs);
    if (merges) return { ...state, present, future: [], lastAt: at };
    const past = [...state.past, state.present];
    if (past.length > limit) past.splice(0, past.length - limit);
    return { past, present, future: [], lastKey: meta.coalesce ?? null, lastAt: at };
  };
}

export const canUndo = (h: History<unknown>) => h.past.length > 0;
export const canRedo = (h: History<unknown>) => h.future.length > 0;
