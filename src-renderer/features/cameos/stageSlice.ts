import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

/** Which scene's placement stage is open (view state, never undone). */
const slice = createSlice({
  name: 'cameoStage',
  initialState: { sceneId: null as string | null, placementId: null as string | null },
  reducers: {
    stageOpened: (_state, action: PayloadAction<{ sceneId: string; placementId?: string }>) => ({ sceneId: action.payload.sceneId, placementId: action.payload.placementId ?? null }),
    stageClosed: () => ({ sceneId: null, placementId: null }),
  },
});

export const { stageOpened, stageClosed } = slice.actions;
export const cameoStageReducer = slice.reducer;
