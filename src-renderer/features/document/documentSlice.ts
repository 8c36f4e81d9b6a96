import { createSlice, type PayloadAction, type UnknownAction } from '@reduxjs/toolkit';
import type { ProjectDocument } from '../../../src-shared/project';
import { audioReducers } from '../audio/audioReducers';
import { placementReducers } from '../cameos/placementReducers';
import { undoable } from '../history/undoable';
import { clipReducers } from './clipReducers';
import { sceneReducers } from './sceneReducers';
import { emptyDocument, fromProjectDocument, type DocumentState } from './state';
import { takeReducers } from './takeReducers';

const slice = createSlice({
  name: 'document',
  initialState: emptyDocument(),
  reducers: {
    documentLoaded: (_state, action: PayloadAction<ProjectDocument>) => fromProjectDocument(action.payload),
    documentClosed: () => emptyDocument(),
    /** The document became another project (save as): new id and name, same content and undo history. */
    documentRetitled(state, action: PayloadAction<{ id: string; name: string }>) {
      if (state.meta) Object.assign(state.meta, action.payload);
    },
    renamed(state, action: PayloadAction<string>) {
      if (state.meta && action.payload.trim()) state.meta.name = action.payload.trim();
    },
    ...sceneReducers,
    ...takeReducers,
    ...clipReducers,
    ...audioReducers,
    ...placementReducers,
  },
});

export const documentActions = slice.actions;
export const {
  documentLoaded,
  documentClosed,
  documentRetitled,
  renamed,
  sceneAdded,
  sceneUpdated,
  sceneDuplicated,
  sceneRemoved,
  sceneMoved,
  activeTakeChosen,
  takeStarted,
  takeLanded,
  takeFailed,
  takePosterReady,
  scenesPlaced,
  clipsMoved,
  clipsSettled,
  clipTrimmed,
  clipsSplit,
  clipsDeleted,
  markerAdded,
  markerMoved,
  markerRenamed,
  markersRemoved,
  audioTrackAdded,
  trackToggled,
  audioImported,
  audioClipChanged,
  audioClipsNudgedMs,
  audioClipPlaced,
  clipsLinked,
  clipsUnlinked,
  trackSoloToggled,
  cameoPlaced,
  placementKeyframeSet,
  placementKeyframeRemoved,
  placementRemoved,
} = slice.actions;

const untracked = new Set<string>([documentRetitled.type, takeStarted.type, takeLanded.type, takeFailed.type, takePosterReady.type]);
const resets = new Set<string>([documentLoaded.type, documentClosed.type]);

/** The document with its undo history: every edit is undoable; renders arriving from the engine are not edits. */
export const documentReducer = undoable<DocumentState>(slice.reducer as (s: DocumentState | undefined, a: UnknownAction) => DocumentState, {
  isUntracked: (a) => untracked.has(a.type),
  isReset: (a) => resets.has(a.type),
});
