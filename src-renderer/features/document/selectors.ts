import { createSelector } from '@reduxjs/toolkit';
import type { Clip, Scene, Track } from '../../../src-shared/project';
import { timelineEnd } from '../../../src-shared/timeline';
import type { RootState } from '../../app/store';

export const selectMeta = (s: RootState) => s.document.present.meta;
export const selectFps = (s: RootState) => s.document.present.meta?.fps ?? 24;
export const selectCanUndo = (s: RootState) => s.document.past.length > 0;
export const selectCanRedo = (s: RootState) => s.document.future.length > 0;

export const selectScenes = createSelector([(s: RootState) => s.document.present.scenes], (scenes): Scene[] => scenes.ids.map((id) => scenes.entities[id]!));
export const selectTracks = createSelector([(s: RootState) => s.document.present.tracks], (tracks): Track[] => tracks.ids.map((id) => tracks.entities[id]!));
export const selectAllClips = createSelector([(s: RootState) => s.document.present.clips], (clips): Clip[] => clips.ids.map((id) => clips.entities[id]!));
export const selectMarkers = createSelector([(s: RootState) => s.document.present.markers], (m) => m.ids.map((id) => m.entities[id]!));

/** Each track's clips sorted by start, for drawing and for finding what plays at a frame. */
export const selectClipsByTrack = createSelector([selectAllClips], (clips) => {
  const byTrack = new Map<string, Clip[]>();
  for (const clip of clips) {
    const list = byTrack.get(clip.trackId);
    if (list) list.push(clip);
    else byTrack.set(clip.trackId, [clip]);
  }
  for (const list of byTrack.values()) list.sort((a, b) => a.startFrame - b.startFrame);
  return byTrack;
});

export const selectTimelineEnd = createSelector([selectAllClips], (clips) => timelineEnd(clips));

export interface TakeLabel {
  sceneNumber: number;
  /**
   * The scene's prompt, led by "⚠ Cameo revoked ·" when the take was made with a cameo whose consent was revoked,
   * "⚠ Cameo deleted ·" when its owner deleted the cameo, or "⚠ Cameo not shared ·" when its owner does not share it
   * with the signed-in person now.
   */
  prompt: string;
  posterPath: string | null;
  /** Why the engine flags the take (features/cameos/flagsSlice.ts), or null when it does not. */
  cameoFlag: CameoFlagReason | null;
}

/** What a clip's label starts with when its take is flagged: the timeline shows it on the clip. */
export const CAMEO_FLAG_LABEL = { revoked: '⚠ Cameo revoked · ', deleted: '⚠ Cameo deleted · ', not_usable: '⚠ Cameo not shared · ' } as const;
export type CameoFlagReason = keyof typeof CAMEO_FLAG_LABEL;
/** How a clip's accessible name ends for each flag: "Clip: scene 2 — cameo not shared with you". */
export const CAMEO_FLAG_NAME: Record<CameoFlagReason, string> = { revoked: 'cameo revoked', deleted: 'cameo deleted', not_usable: 'cameo not shared with you' };

/** What a clip shows for each take (scene number, prompt, poster, a flagged cameo), computed once per change. */
export const selectTakeLabels = createSelector(
  [(s: RootState) => s.document.present.scenes, (s: RootState) => s.document.present.takes, (s: RootState) => s.cameoFlags.byTake],
  (scenes, takes, flagged) => {
    const labels = new Map<string, TakeLabel>();
    for (const id of takes.ids) {
      const take = takes.entities[id]!;
      const scene = scenes.entities[take.sceneId];
      const cameoFlag = flagged[id]?.reason ?? null;
      labels.set(id, {
        sceneNumber: scene ? scenes.ids.indexOf(scene.id) + 1 : 0,
        prompt: `${cameoFlag ? CAMEO_FLAG_LABEL[cameoFlag] : ''}${scene?.prompt ?? ''}`,
        posterPath: take.posterPath,
        cameoFlag,
      });
    }
    return labels;
  },
);
