import { createAsyncThunk, createSlice } from '@reduxjs/toolkit';
import { msToNearestFrame } from '../../../src-shared/audio';
import type { Asset } from '../../../src-shared/project';
import { soundFileForImport } from '../../app/engineFiles';
import type { RootState, ThunkExtra } from '../../app/store';
import { audioImported } from '../document/documentSlice';
import { clipsSelected } from '../editor/uiSlice';
import { audioSourceKey, audioSourcePaths } from './clipAudio';
import { projectFilePath } from './projectFilePath';
import { autoSyncPair, type AutoSyncPair } from './syncPair';

/** Waveform peaks of one sound as the engine computed them (min/max per bucket, mono). */
export interface Peaks {
  peaksPerSecond: number;
  durationSeconds: number;
  min: number[];
  max: number[];
}

/** The two clips' timeline places an auto-sync estimate was measured at. */
export interface SyncPlacement {
  audioStartFrame: number;
  audioOffsetMs: number;
  videoStartFrame: number;
}

/** The places now, to compare with an estimate's `measuredAt`; null when a clip is gone. */
export function currentSyncPlacement(doc: RootState['document']['present'], audioClipId: string, videoClipId: string): SyncPlacement | null {
  const sound = doc.clips.entities[audioClipId];
  const picture = doc.clips.entities[videoClipId];
  if (!sound?.audio || !picture) return null;
  return { audioStartFrame: sound.startFrame, audioOffsetMs: sound.audio.offsetMs, videoStartFrame: picture.startFrame };
}

export const samePlacement = (a: SyncPlacement | null, b: SyncPlacement) =>
  !!a && a.audioStartFrame === b.audioStartFrame && a.audioOffsetMs === b.audioOffsetMs && a.videoStartFrame === b.videoStartFrame;

export type AutoSyncView =
  | { status: 'running'; videoClipId: string }
  | {
      status: 'synced';
      videoClipId: string;
      offsetMs: number;
      offsetFrames: number;
      confidence: number;
      matchedEvents: number;
      /** Where both clips were when it was measured: the estimate holds only while they stay there. */
      measuredAt: SyncPlacement;
    }
  | { status: 'no-sync-points'; videoClipId: string; reason: string; confidence: number }
  | { status: 'error'; videoClipId: string; message: string };

/**
 * The audio UI's own state, never undone: waveform peaks by sound, the import in progress, and the last auto-sync
 * estimate per audio clip (shown on the timeline until applied or dismissed).
 */
interface AudioUiState {
  peaks: Record<string, { status: 'loading' } | { status: 'ready'; peaks: Peaks } | { status: 'error'; message: string }>;
  importing: { phase: 'idle' } | { phase: 'busy'; name: string } | { phase: 'error'; message: string };
  sync: Record<string, AutoSyncView>;
}

const initialState: AudioUiState = { peaks: {}, importing: { phase: 'idle' }, sync: {} };

type Thunk = { extra: ThunkExtra; state: RootState; rejectValue: string };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Peaks of a clip's sound, asked of the engine once (it caches them on disk too). */
export const fetchPeaks = createAsyncThunk<Peaks, string, Thunk>(
  'audio/peaks',
  async (sourceKey, { extra, getState, rejectWithValue }) => {
    const state = getState();
    const dir = state.session.dir;
    const relative = audioSourcePaths(state.document.present).get(sourceKey);
    if (!dir || !relative) return rejectWithValue('the sound file is not in this project');
    try {
      const result = await extra.client.audio.peaks.query({ path: projectFilePath(dir, relative), peaksPerSecond: 100 });
      return { peaksPerSecond: result.peaksPerSecond, durationSeconds: result.durationSeconds, min: result.min, max: result.max };
    } catch (err) {
      return rejectWithValue(message(err));
    }
  },
  { condition: (key, { getState }) => getState().audio.peaks[key]?.status !== 'loading' && getState().audio.peaks[key]?.status !== 'ready' },
);

/**
 * Imports a sound file the user chose (the desktop app names its path, web mode uploads it first: app/engineFiles.ts);
 * the engine checks and copies it into the project; the clip lands at the playhead on the given audio track (one
 * undoable edit) and is selected.
 */
export const importSoundFile = createAsyncThunk<Asset, { file: File; trackId: string }, Thunk>(
  'audio/import',
  async ({ file, trackId }, { extra, getState, dispatch, rejectWithValue }) => {
    const dir = getState().session.dir;
    if (!dir) return rejectWithValue('open a project first');
    try {
      const stored = await soundFileForImport(file);
      const asset = await extra.client.audio.import.mutate({ dir, path: stored, name: file.name });
      const clipId = crypto.randomUUID();
      dispatch(audioImported({ asset, clipId, trackId, atFrame: getState().ui.playhead }));
      if (getState().document.present.clips.entities[clipId]) dispatch(clipsSelected({ ids: [clipId] }));
      return asset;
    } catch (err) {
      return rejectWithValue(`${file.name}: ${message(err).replace(`${file.name}: `, '')}`);
    }
  },
);

/** Runs the engine's auto-sync for an audio clip against the picture it goes with (see syncPair). */
export const runAutoSync = createAsyncThunk<AutoSyncView, { audioClipId: string; videoClipId?: string }, Thunk>(
  'audio/autosync',
  async ({ audioClipId, videoClipId }, { extra, getState }) => {
    const state = getState();
    const pair: AutoSyncPair | string = autoSyncPair(state.document.present, state.session.dir, audioClipId, videoClipId);
    if (typeof pair === 'string') return { status: 'error', videoClipId: videoClipId ?? '', message: pair };
    const measuredAt = currentSyncPlacement(state.document.present, audioClipId, pair.videoClipId)!;
    try {
      const result = await extra.client.audio.autosync.query(pair.request);
      if (result.status === 'synced') {
        return {
          status: 'synced',
          videoClipId: pair.videoClipId,
          offsetMs: result.offsetMs,
          offsetFrames: msToNearestFrame(result.offsetMs, pair.request.fps),
          confidence: result.confidence,
          matchedEvents: result.matchedEvents,
          measuredAt,
        };
      }
      return { status: 'no-sync-points', videoClipId: pair.videoClipId, reason: result.reason, confidence: result.confidence };
    } catch (err) {
      return { status: 'error', videoClipId: pair.videoClipId, message: message(err) };
    }
  },
);

const slice = createSlice({
  name: 'audio',
  initialState,
  reducers: {
    syncDismissed(state, action: { payload: string }) {
      delete state.sync[action.payload];
    },
    importDismissed(state) {
      state.importing = { phase: 'idle' };
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(fetchPeaks.pending, (state, action) => {
        state.peaks[action.meta.arg] = { status: 'loading' };
      })
      .addCase(fetchPeaks.fulfilled, (state, action) => {
        state.peaks[action.meta.arg] = { status: 'ready', peaks: action.payload };
      })
      .addCase(fetchPeaks.rejected, (state, action) => {
        state.peaks[action.meta.arg] = { status: 'error', message: action.payload ?? action.error.message ?? 'no waveform' };
      })
      .addCase(importSoundFile.pending, (state, action) => {
        state.importing = { phase: 'busy', name: action.meta.arg.file.name };
      })
      .addCase(importSoundFile.fulfilled, (state) => {
        state.importing = { phase: 'idle' };
      })
      .addCase(importSoundFile.rejected, (state, action) => {
        state.importing = { phase: 'error', message: action.payload ?? action.error.message ?? 'the import failed' };
      })
      .addCase(runAutoSync.pending, (state, action) => {
        state.sync[action.meta.arg.audioClipId] = { status: 'running', videoClipId: action.meta.arg.videoClipId ?? '' };
      })
      .addCase(runAutoSync.fulfilled, (state, action) => {
        state.sync[action.meta.arg.audioClipId] = action.payload;
      });
  },
});

export const audioUiReducer = slice.reducer;
export const { syncDismissed, importDismissed } = slice.actions;

export const selectPeaks = (s: RootState, clip: { assetId: string | null; takeId: string | null }) => s.audio.peaks[audioSourceKey(clip)];
