import { createAsyncThunk, createSlice } from '@reduxjs/toolkit';
import type { RootState, ThunkExtra } from '../../app/store';

/** URLs of project files (takes, posters) by project-relative path; the engine hands them out per launch. */
interface MediaState {
  dir: string | null;
  urls: Record<string, string>;
  requested: Record<string, true>;
}

const initialState: MediaState = { dir: null, urls: {}, requested: {} };

export const fetchMediaUrls = createAsyncThunk<{ dir: string; urls: Record<string, string> }, string[], { extra: ThunkExtra; state: RootState }>(
  'media/urls',
  async (paths, { extra, getState }) => {
    const dir = getState().session.dir;
    if (!dir) return { dir: '', urls: {} };
    return { dir, urls: await extra.client.takes.mediaUrls.query({ dir, paths }) };
  },
  {
    condition: (paths, { getState }) => {
      const media = getState().media;
      return paths.some((p) => !media.requested[p] || media.dir !== getState().session.dir);
    },
  },
);

const slice = createSlice({
  name: 'media',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(fetchMediaUrls.pending, (state, action) => {
        for (const p of action.meta.arg) state.requested[p] = true;
      })
      .addCase(fetchMediaUrls.fulfilled, (state, action) => {
        if (state.dir !== action.payload.dir) {
          state.dir = action.payload.dir;
          state.urls = {};
        }
        Object.assign(state.urls, action.payload.urls);
      })
      .addCase(fetchMediaUrls.rejected, (state, action) => {
        for (const p of action.meta.arg) delete state.requested[p];
      });
  },
});

export const mediaReducer = slice.reducer;
export const selectMediaUrl = (s: RootState, path: string | null | undefined) => (path ? s.media.urls[path] : undefined);
