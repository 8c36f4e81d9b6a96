import { createSelector } from '@reduxjs/toolkit';
import type { CSSProperties } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import type { RootState } from '../../app/store';
import { flagBadge, flagText, selectFlaggedTakes } from './flagsSlice';
import { stageOpened } from './stageSlice';

interface PlacementSpan {
  key: string;
  sceneId: string;
  sceneNumber: number;
  startFrame: number;
  durationFrames: number;
  labels: string[];
  /** The clip's take was made with a cameo whose consent was revoked afterwards, or that its owner deleted: which one. */
  revoked: string | null;
  /** Its badge: "Cameo revoked" or "Cameo deleted". */
  badge: string | null;
}

/** Each scene's placements, spanning every clip of that scene on a video track. */
export const selectPlacementSpans = createSelector(
  [
    (s: RootState) => s.document.present.placements,
    (s: RootState) => s.document.present.clips,
    (s: RootState) => s.document.present.takes,
    (s: RootState) => s.document.present.tracks,
    (s: RootState) => s.document.present.scenes,
    selectFlaggedTakes,
  ],
  (placements, clips, takes, tracks, scenes, flagged): PlacementSpan[] => {
    const labels = new Map<string, string[]>();
    for (const id of placements.ids) {
      const p = placements.entities[id]!;
      labels.set(p.sceneId, [...(labels.get(p.sceneId) ?? []), p.label]);
    }
    const spans: PlacementSpan[] = [];
    for (const id of clips.ids) {
      const clip = clips.entities[id]!;
      const sceneId = clip.takeId ? takes.entities[clip.takeId]?.sceneId : undefined;
      if (!sceneId || tracks.entities[clip.trackId]?.kind !== 'video' || !labels.has(sceneId)) continue;
      const flag = clip.takeId ? flagged[clip.takeId] : undefined;
      spans.push({
        key: clip.id,
        sceneId,
        sceneNumber: scenes.ids.indexOf(sceneId) + 1,
        startFrame: clip.startFrame,
        durationFrames: clip.durationFrames,
        labels: labels.get(sceneId)!,
        revoked: flag ? flagText(flag) : null,
        badge: flag ? flagBadge(flag) : null,
      });
    }
    return spans;
  },
);

/**
 * The cameo track: a bar under each clip of a scene with placed cameos; opening one shows the scene's stage. A clip
 * whose take was made with a revoked or deleted cameo has its bar marked "Cameo revoked" or "Cameo deleted".
 */
export function PlacementLane() {
  const dispatch = useAppDispatch();
  const spans = useAppSelector(selectPlacementSpans);
  return (
    <>
      {spans.map((span) => (
        <button
          key={span.key}
          type="button"
          className={`clip placement-bar${span.revoked ? ' revoked' : ''}`}
          style={{ '--s': span.startFrame, '--d': span.durationFrames } as CSSProperties}
          aria-label={`Cameo placement in scene ${span.sceneNumber}: ${span.labels.join(', ')}${span.revoked ? ` — ${span.revoked}` : ''}`}
          title={span.revoked ?? 'Open the placement stage'}
          // The lane's own gestures (select, drag, marquee) are for clips; a placement follows its scene's clip.
          onPointerDown={(e) => e.stopPropagation()}
          onClick={() => dispatch(stageOpened({ sceneId: span.sceneId }))}
        >
          <span className="clip-label">{span.labels.join(' · ')}</span>
          {span.badge && <span className="cameo-revoked-badge">{span.badge}</span>}
        </button>
      ))}
    </>
  );
}
