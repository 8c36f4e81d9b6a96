import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { RootState } from '../../app/store';

export type PanelId = 'storyboard' | 'preview' | 'queue' | 'timeline' | 'feed';

/** Everything about how the project is viewed, none of it part of the document or its undo history. */
export interface UiState {
  selectedClipIds: string[];
  selectedSceneId: string | null;
  /** Pixels per frame. */
  zoom: number;
  /** Timeline horizontal scroll, in pixels. */
  scrollX: number;
  playhead: number;
  playing: boolean;
  /** Playback rate for J/K/L shuttle: negative plays backwards. */
  rate: number;
  snapping: boolean;
  loop: { in: number | null; out: number | null; enabled: boolean };
  collapsed: Record<PanelId, boolean>;
  sizes: { left: number; right: number; bottom: number };
}

export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 40;

const initialState: UiState = {
  selectedClipIds: [],
  selectedSceneId: null,
  zoom: 4,
  scrollX: 0,
  playhead: 0,
  playing: false,
  rate: 1,
  snapping: true,
  loop: { in: null, out: null, enabled: false },
  collapsed: { storyboard: false, preview: false, queue: false, timeline: false, feed: true },
  sizes: { left: 420, right: 300, bottom: 300 },
};

const slice = createSlice({
  name: 'ui',
  initialState,
  reducers: {
    clipsSelected(state, action: PayloadAction<{ ids: string[]; mode?: 'replace' | 'toggle' | 'add' }>) {
      const mode = action.payload.mode ?? 'replace';
      if (mode === 'replace') state.selectedClipIds = action.payload.ids;
      else if (mode === 'add') state.selectedClipIds = [...new Set([...state.selectedClipIds, ...action.payload.ids])];
      else {
        const set = new Set(state.selectedClipIds);
        for (const id of action.payload.ids) {
          if (set.has(id)) set.delete(id);
          else set.add(id);
        }
        state.selectedClipIds = [...set];
      }
    },
    sceneSelected(state, action: PayloadAction<string | null>) {
      state.selectedSceneId = action.payload;
    },
    zoomSet(state, action: PayloadAction<{ zoom: number; anchorPx?: number }>) {
      const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, action.payload.zoom));
      // Keep the frame under the anchor (the pointer, or the left edge) where it was.
      const anchor = action.payload.anchorPx ?? 0;
      const frameAtAnchor = (state.scrollX + anchor) / state.zoom;
      state.zoom = zoom;
      state.scrollX = Math.max(0, frameAtAnchor * zoom - anchor);
    },
    scrolled(state, action: PayloadAction<number>) {
      state.scrollX = Math.max(0, action.payload);
    },
    playheadSet(state, action: PayloadAction<number>) {
      state.playhead = Math.max(0, Math.round(action.payload));
    },
    playbackSet(state, action: PayloadAction<{ playing: boolean; rate?: number }>) {
      state.playing = action.payload.playing;
      if (action.payload.rate !== undefined) state.rate = action.payload.rate;
      if (!action.payload.playing) state.rate = 1;
    },
    snappingToggled(state) {
      state.snapping = !state.snapping;
    },
    loopSet(state, action: PayloadAction<Partial<UiState['loop']>>) {
      state.loop = { ...state.loop, ...action.payload };
    },
    panelToggled(state, action: PayloadAction<PanelId>) {
      state.collapsed[action.payload] = !state.collapsed[action.payload];
    },
    panelResized(state, action: PayloadAction<{ side: keyof UiState['sizes']; size: number }>) {
      state.sizes[action.payload.side] = Math.max(160, Math.min(1200, Math.round(action.payload.size)));
    },
    viewReset: () => initialState,
  },
});

export const {
  clipsSelected,
  sceneSelected,
  zoomSet,
  scrolled,
  playheadSet,
  playbackSet,
  snappingToggled,
  loopSet,
  panelToggled,
  panelResized,
  viewReset,
} = slice.actions;
export const uiReducer = slice.reducer;

export const selectUi = (s: RootState) => s.ui;
