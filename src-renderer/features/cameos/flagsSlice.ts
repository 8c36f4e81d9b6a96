import { createAsyncThunk, createSelector, createSlice, type ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import type { AppDispatch, RootState, ThunkExtra } from '../../app/store';
import { documentClosed } from '../document/documentSlice';
import { readableError } from '../generation/generationSlice';
import type { FlaggedTake } from './types';

/**
 * Which takes of the open project were made with a cameo whose owner revoked consent afterwards: the engine's flag
 * list (`cameos.flaggedTakes`), asked when a project opens, when a revocation reaches this studio (the notifications
 * subscription) and after the owner changes consent from the library. Derived from the engine, never saved in the
 * project document (the engine's usage log is the record), and never undone.
 */
export interface CameoFlagsState {
  byTake: Record<string, FlaggedTake>;
  /** Why the list could not be asked for, shown to the person. */
  error: string | null;
}

const initialState: CameoFlagsState = { byTake: {}, error: null };

type Thunk = { extra: ThunkExtra; state: RootState; rejectValue: string };

export const loadFlaggedTakes = createAsyncThunk<FlaggedTake[], void, Thunk>('cameoFlags/load', async (_, { extra, getState, rejectWithValue }) => {
  const takeIds = getState().document.present.takes.ids as string[];
  if (takeIds.length === 0) return [];
  try {
    return await extra.client.cameos.flaggedTakes.query({ takeIds });
  } catch (err) {
    return rejectWithValue(readableError(err));
  }
});

const slice = createSlice({
  name: 'cameoFlags',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(loadFlaggedTakes.fulfilled, (_state, action) => ({ byTake: Object.fromEntries(action.payload.map((f) => [f.takeId, f])), error: null }))
      .addCase(loadFlaggedTakes.rejected, (state, action) => {
        state.error = `This project's takes could not be checked for revoked cameos: ${action.payload ?? action.error.message ?? 'unknown error'}`;
      })
      .addCase(documentClosed, () => initialState);
  },
});

export const cameoFlagsReducer = slice.reducer;

export const selectFlaggedTakes = (s: RootState) => s.cameoFlags.byTake;
export const selectFlaggedTake = (s: RootState, takeId: string): FlaggedTake | undefined => s.cameoFlags.byTake[takeId];

/** The cameos behind flagged takes that are on the timeline: an export names them, so the engine refuses it. */
export const selectFlaggedCameoIdsOnTimeline = createSelector([(s: RootState) => s.document.present.clips, selectFlaggedTakes], (clips, flagged) => [
  ...new Set(clips.ids.flatMap((id) => {
    const takeId = clips.entities[id]!.takeId;
    const flag = takeId ? flagged[takeId] : undefined;
    return flag ? [flag.cameo.id] : [];
  })),
]);

/** What a flagged take's badge says, in full (its accessible name and tooltip). */
export function revokedText(flag: FlaggedTake): string {
  return `Cameo revoked: @${flag.owner} took back consent for ${flag.cameo.displayName} (@${flag.cameo.handle})${flag.renderDeleted ? '; the owner deleted this take' : ''}`;
}

/** Asks the engine for the open project's flagged takes whenever a project is opened (or saved as a copy). */
export function startFlaggedTakes(listeners: ListenerMiddlewareInstance<RootState, AppDispatch, ThunkExtra>): void {
  listeners.startListening({
    predicate: (_action, current, previous) => current.session.dir !== null && current.session.dir !== previous.session.dir,
    effect: async (_action, api) => void (await api.dispatch(loadFlaggedTakes())),
  });
}
