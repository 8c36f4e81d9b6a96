import { createAsyncThunk, createSelector, createSlice, type ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import type { AppDispatch, RootState, ThunkExtra } from '../../app/store';
import { documentClosed } from '../document/documentSlice';
import { readableError } from '../generation/generationSlice';
import type { FlaggedTake } from './types';

/**
 * Which takes of the open project were made with a cameo whose owner revoked consent afterwards or deleted it, or that
 * the signed-in person may not use now: the engine's flag list (`cameos.flaggedTakes`), asked when a project opens,
 * when a revocation, a deletion or a change of who may use a cameo reaches this studio (the notifications
 * subscription), when the account changes, and after the owner changes consent from the library. Derived from the engine, never saved in the
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
        state.error = `This project's takes could not be checked for revoked or deleted cameos: ${action.payload ?? action.error.message ?? 'unknown error'}`;
      })
      .addCase(documentClosed, () => initialState);
  },
});

export const cameoFlagsReducer = slice.reducer;

export const selectFlaggedTakes = (s: RootState) => s.cameoFlags.byTake;
export const selectFlaggedTake = (s: RootState, takeId: string): FlaggedTake | undefined => s.cameoFlags.byTake[takeId];

/** The flags of the takes the timeline plays (each take once): the engine refuses to export any of them. */
export const selectFlagsOnTimeline = createSelector([(s: RootState) => s.document.present.clips, selectFlaggedTakes], (clips, flagged) => [
  ...new Map(
    clips.ids.flatMap((id) => {
      const takeId = clips.entities[id]!.takeId;
      const flag = takeId ? flagged[takeId] : undefined;
      return flag ? [[flag.takeId, flag] as const] : [];
    }),
  ).values(),
]);

/**
 * A flagged take's badge: "Cameo revoked", "Cameo deleted" when the owner deleted the cameo itself, or "Cameo not
 * shared" when its owner does not share it with the signed-in person now.
 */
export function flagBadge(flag: FlaggedTake): string {
  return flag.reason === 'deleted' ? 'Cameo deleted' : flag.reason === 'not_usable' ? 'Cameo not shared' : 'Cameo revoked';
}

/** What a flagged take's badge says, in full (its accessible name and tooltip): whose cameo, and what its owner did. */
export function flagText(flag: FlaggedTake): string {
  const cameo = `${flag.cameo.displayName} (@${flag.cameo.handle})`;
  if (flag.reason === 'not_usable') return `${flagBadge(flag)}: ${flag.detail ?? `@${flag.owner} does not share ${cameo} with you now`} (an export of this take would be refused)`;
  const what = flag.reason === 'deleted' ? `@${flag.owner}'s cameo ${cameo} was deleted by its owner` : `@${flag.owner} took back consent for ${cameo}`;
  return `${flagBadge(flag)}: ${what}${flag.renderDeleted ? '; the owner deleted this take' : ''}`;
}

/** The export dialog's warning when the timeline plays flagged takes, or null when it plays none. */
export function timelineFlagsNote(flags: readonly FlaggedTake[]): string | null {
  if (flags.length === 0) return null;
  const until = `the export will be refused until ${flags.length === 1 ? 'it is' : 'they are'} removed`;
  const gone = flags.filter((f) => f.reason !== 'not_usable');
  if (gone.length === 0) {
    const takes = flags.length === 1 ? 'A take on the timeline was made with a cameo' : `${flags.length} takes on the timeline were made with cameos`;
    if (flags.some((f) => f.signedOut)) return `${takes}, and nobody is signed in: the export will be refused until you sign in as someone ${flags.length === 1 ? 'its owner shares it' : 'their owners share them'} with.`;
    return `${takes} not shared with you now: ${until} (or ${flags.length === 1 ? 'its owner shares it' : 'their owners share them'} with you again).`;
  }
  const reasons = new Set(gone.map((f) => f.reason));
  const what = reasons.size > 1 ? 'has revoked consent or deleted it' : reasons.has('deleted') ? 'has deleted it' : 'has revoked consent';
  const takes = flags.length === 1 ? 'A take on the timeline was made with a cameo whose owner' : `${flags.length} takes on the timeline were made with cameos whose owners`;
  const owners = flags.length === 1 ? what : what.replace(/^has/, 'have').replace(/ it$/, ' them');
  const others = gone.length < flags.length ? ' (or do not share them with you now)' : '';
  return `${takes} ${owners}${others}: ${until}.`;
}

/** Asks the engine for the open project's flagged takes whenever a project is opened (or saved as a copy). */
export function startFlaggedTakes(listeners: ListenerMiddlewareInstance<RootState, AppDispatch, ThunkExtra>): void {
  listeners.startListening({
    predicate: (_action, current, previous) => current.session.dir !== null && current.session.dir !== previous.session.dir,
    effect: async (_action, api) => void (await api.dispatch(loadFlaggedTakes())),
  });
}
