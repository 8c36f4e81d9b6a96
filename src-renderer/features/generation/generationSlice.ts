import { createAsyncThunk, createEntityAdapter, createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { GenerationRequest, JobView } from '../../../src-shared/generation';
import type { RootState, ThunkExtra } from '../../app/store';

const jobs = createEntityAdapter<JobView>({ sortComparer: (a, b) => b.createdAt - a.createdAt });

type Connection = 'connecting' | 'connected' | 'lost';

const initialState = jobs.getInitialState({
  connection: 'connecting' as Connection,
  submitError: null as string | null,
  submitting: false,
});

export const enqueueGeneration = createAsyncThunk<JobView, Omit<GenerationRequest, 'cameos'>, { extra: ThunkExtra; rejectValue: string }>(
  'generation/enqueue',
  async (request, { extra, rejectWithValue }) => {
    try {
      return await extra.client.generation.enqueue.mutate(request);
    } catch (err) {
      return rejectWithValue(readableError(err));
    }
  },
);

export const cancelJob = createAsyncThunk<JobView, string, { extra: ThunkExtra }>('generation/cancel', (id, { extra }) =>
  extra.client.generation.cancel.mutate({ id }),
);

export const retryJob = createAsyncThunk<JobView, string, { extra: ThunkExtra }>('generation/retry', (id, { extra }) =>
  extra.client.generation.retry.mutate({ id }),
);

export const clearFinished = createAsyncThunk<JobView[], void, { extra: ThunkExtra }>('generation/clearFinished', (_, { extra }) =>
  extra.client.generation.clearFinished.mutate(),
);

const slice = createSlice({
  name: 'generation',
  initialState,
  reducers: {
    snapshotReceived(state, action: PayloadAction<JobView[]>) {
      jobs.setAll(state, action.payload);
      state.connection = 'connected';
    },
    jobChanged: jobs.upsertOne,
    connectionLost(state) {
      state.connection = 'lost';
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(enqueueGeneration.pending, (state) => {
        state.submitting = true;
        state.submitError = null;
      })
      .addCase(enqueueGeneration.fulfilled, (state, action) => {
        state.submitting = false;
        jobs.upsertOne(state, action.payload);
      })
      .addCase(enqueueGeneration.rejected, (state, action) => {
        state.submitting = false;
        state.submitError = action.payload ?? action.error.message ?? 'the engine refused the request';
      })
      .addCase(cancelJob.fulfilled, (state, action) => {
        jobs.upsertOne(state, action.payload);
      })
      .addCase(retryJob.fulfilled, (state, action) => {
        jobs.upsertOne(state, action.payload);
      })
      .addCase(clearFinished.fulfilled, (state, action) => {
        jobs.setAll(state, action.payload);
      });
  },
});

export const { snapshotReceived, jobChanged, connectionLost } = slice.actions;
export const generationReducer = slice.reducer;

const selectors = jobs.getSelectors((s: RootState) => s.generation);
export const selectJobs = selectors.selectAll;
export const selectJob = selectors.selectById;
export const selectConnection = (s: RootState) => s.generation.connection;
export const selectSubmit = (s: RootState) => ({ submitting: s.generation.submitting, error: s.generation.submitError });

/** The engine's message for a user, without transport noise. */
export function readableError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  try {
    const issues = JSON.parse(message) as Array<{ path?: unknown[]; message?: string }>;
    if (Array.isArray(issues) && issues[0]?.message) return issues.map((i) => `${(i.path ?? []).join('.')}: ${i.message}`).join('; ');
  } catch {
    // not a validation report
  }
  return message;
}
