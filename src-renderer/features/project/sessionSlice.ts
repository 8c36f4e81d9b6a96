import { createAsyncThunk, createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ProjectDocument } from '../../../src-shared/project';
import type { RootState, ThunkExtra } from '../../app/store';
import { documentClosed, documentLoaded, documentRetitled } from '../document/documentSlice';
import { toProjectDocument } from '../document/state';
import { viewReset } from '../editor/uiSlice';
import { readableError } from '../generation/generationSlice';

export interface RecentProject {
  dir: string;
  name: string | null;
  problem: string | null;
}

export type SaveState = 'saved' | 'pending' | 'saving' | 'failed';

interface SessionState {
  dir: string | null;
  phase: 'home' | 'opening' | 'open';
  recent: RecentProject[];
  error: string | null;
  save: SaveState;
  saveAs: { phase: 'idle' | 'saving' | 'failed'; error: string | null };
  saveError: string | null;
}

/** Which project this tab had open, so a reload (or a crash) reopens it. */
export const OPEN_PROJECT_KEY = 'scenecast.openProject';

const initialState: SessionState = { dir: null, phase: 'home', recent: [], error: null, save: 'saved', saveError: null, saveAs: { phase: 'idle', error: null } };

type Thunk = { extra: ThunkExtra; rejectValue: string; state: RootState };

export const loadRecent = createAsyncThunk<RecentProject[], void, Thunk>('session/recent', async (_, { extra, rejectWithValue }) => {
  try {
    return await extra.client.projects.recent.query();
  } catch (err) {
    return rejectWithValue(readableError(err));
  }
});

function opened(dir: string, document: ProjectDocument, dispatch: (a: unknown) => unknown) {
  dispatch(viewReset());
  dispatch(documentLoaded(document));
  rememberOpen(dir);
  return { dir };
}

function rememberOpen(dir: string): void {
  try {
    localStorage.setItem(OPEN_PROJECT_KEY, dir);
  } catch {
    // Storage can be disabled; the project still opens, it just won't reopen by itself.
  }
}

export const createProject = createAsyncThunk<{ dir: string }, string, Thunk>('session/create', async (name, { extra, dispatch, rejectWithValue }) => {
  try {
    const project = await extra.client.projects.create.mutate({ name });
    return opened(project.dir, project.document, dispatch);
  } catch (err) {
    return rejectWithValue(readableError(err));
  }
});

export const openProject = createAsyncThunk<{ dir: string }, string, Thunk>('session/open', async (dir, { extra, dispatch, rejectWithValue }) => {
  try {
    const project = await extra.client.projects.open.mutate({ dir });
    return opened(project.dir, project.document, dispatch);
  } catch (err) {
    return rejectWithValue(readableError(err));
  }
});

/**
 * "Save as": the engine copies the open project (assets and renders included) into a new folder holding the document as
 * it is now, unsaved edits included, and the studio carries on in the copy. The original keeps its last save.
 */
export const saveProjectAs = createAsyncThunk<{ dir: string }, { name: string; parentDir?: string }, Thunk>(
  'session/saveAs',
  async ({ name, parentDir }, { extra, dispatch, getState, rejectWithValue }) => {
    const { session, document } = getState();
    const current = toProjectDocument(document.present, new Date().toISOString());
    if (!session.dir || !current) return rejectWithValue('no project is open');
    try {
      const copy = await extra.client.projects.saveAs.mutate({ dir: session.dir, name, document: current, ...(parentDir ? { parentDir } : {}) });
      // Edits made while the copy was written belong to the copy too: keep them, under the copy's name and id.
      dispatch(documentRetitled({ id: copy.document.id, name: copy.document.name }));
      rememberOpen(copy.dir);
      return { dir: copy.dir };
    } catch (err) {
      return rejectWithValue(readableError(err));
    }
  },
);

/** Saves what the autosave has not saved yet, then goes back to the home screen. */
export const closeProject = createAsyncThunk<void, void, Thunk>('session/close', async (_, { dispatch, getState, extra, rejectWithValue }) => {
  const { session, document } = getState();
  const unsaved = session.save !== 'saved' && session.dir ? toProjectDocument(document.present, new Date().toISOString()) : null;
  if (unsaved && session.dir) {
    try {
      await extra.client.projects.save.mutate({ dir: session.dir, document: unsaved });
    } catch (err) {
      return rejectWithValue(`the project could not be saved, so it stays open: ${readableError(err)}`);
    }
  }
  try {
    localStorage.removeItem(OPEN_PROJECT_KEY);
  } catch {
    // Storage can be disabled.
  }
  dispatch(documentClosed());
  void dispatch(loadRecent());
});

const slice = createSlice({
  name: 'session',
  initialState,
  reducers: {
    saveStateChanged(state, action: PayloadAction<{ save: SaveState; error?: string | null }>) {
      state.save = action.payload.save;
      state.saveError = action.payload.error ?? null;
    },
    saveAsDismissed(state) {
      state.saveAs = { phase: 'idle', error: null };
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(loadRecent.fulfilled, (state, action) => {
        state.recent = action.payload;
      })
      .addCase(saveProjectAs.pending, (state) => {
        state.saveAs = { phase: 'saving', error: null };
      })
      .addCase(saveProjectAs.fulfilled, (state, action) => {
        state.saveAs = { phase: 'idle', error: null };
        state.dir = action.payload.dir;
      })
      .addCase(saveProjectAs.rejected, (state, action) => {
        state.saveAs = { phase: 'failed', error: action.payload ?? action.error.message ?? 'the project could not be saved as a copy' };
      })
      .addCase(closeProject.fulfilled, (state) => {
        state.dir = null;
        state.phase = 'home';
      })
      .addCase(closeProject.rejected, (state, action) => {
        state.save = 'failed';
        state.saveError = action.payload ?? action.error.message ?? 'the project could not be saved';
      });
    for (const thunk of [createProject, openProject]) {
      builder
        .addCase(thunk.pending, (state) => {
          state.phase = 'opening';
          state.error = null;
        })
        .addCase(thunk.fulfilled, (state, action) => {
          state.phase = 'open';
          state.dir = action.payload.dir;
          state.save = 'saved';
        })
        .addCase(thunk.rejected, (state, action) => {
          state.phase = 'home';
          state.error = action.payload ?? action.error.message ?? 'the project could not be opened';
        });
    }
  },
});

export const { saveStateChanged, saveAsDismissed } = slice.actions;
export const sessionReducer = slice.reducer;
export const selectSession = (s: RootState) => s.session;
export const selectProjectDir = (s: RootState) => s.session.dir;
