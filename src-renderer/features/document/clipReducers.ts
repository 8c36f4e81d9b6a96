import type { PayloadAction } from '@reduxjs/toolkit';
import type { Clip, TrackKind } from '../../../src-shared/project';
import { clipForSource, moveClips, overwrite, rippleDelete, splitClip, timelineEnd, trimEnd, trimStart } from '../../../src-shared/timeline';
import { fitAudio, splitAudio, withLinked } from '../audio/clipAudio';
import { addTakeSounds } from '../audio/takeSound';
import type { CoalesceMeta } from '../history/undoable';
import { clipsAdapter, markersAdapter, sourceOf, tracksAdapter, type DocumentState } from './state';

const gesture = <P>(payload: P, gestureId?: string) => ({ payload, meta: (gestureId ? { coalesce: gestureId } : {}) as CoalesceMeta });

function clipsOf(state: DocumentState): Clip[] {
  return state.clips.ids.map((id) => state.clips.entities[id]!);
}

const unlocked = (state: DocumentState, clip: Clip) => !state.tracks.entities[clip.trackId]?.locked;

export const clipReducers = {
  /**
   * Appends the scenes' active takes to the end of a video track, in the given order. A take that came with a sound
   * also lands on the first audio track, linked to its picture.
   */
  scenesPlaced: {
    reducer(state: DocumentState, action: PayloadAction<{ sceneIds: string[]; clipIds: string[]; trackId?: string; atFrame?: number }>) {
      const trackId = action.payload.trackId ?? state.tracks.ids.find((id) => state.tracks.entities[id]!.kind === 'video');
      // A take's picture goes on a video or cameo track only (its sound follows onto an audio track by itself).
      const kind = trackId ? state.tracks.entities[trackId]?.kind : undefined;
      if (!trackId || (kind !== 'video' && kind !== 'cameo')) return;
      let at = action.payload.atFrame ?? timelineEnd(clipsOf(state).filter((c) => c.trackId === trackId));
      action.payload.sceneIds.forEach((sceneId, index) => {
        const takeId = state.scenes.entities[sceneId]?.activeTakeId;
        const take = takeId ? state.takes.entities[takeId] : undefined;
        if (!take || take.status !== 'ready') return;
        const timing = clipForSource(at, sourceOf(state, { takeId: take.id, sourceOutFrame: take.frames }));
        clipsAdapter.addOne(state.clips, { id: action.payload.clipIds[index] ?? crypto.randomUUID(), trackId, takeId: take.id, assetId: null, ...timing });
        addTakeSounds(state, take.id);
        at += timing.durationFrames;
      });
    },
    prepare: (payload: { sceneIds: string[]; trackId?: string; atFrame?: number }) => ({
      payload: { ...payload, clipIds: payload.sceneIds.map(() => crypto.randomUUID()) },
    }),
  },
  /** Moves clips (and the clips linked to them) together by `delta` frames, optionally onto another track of a compatible kind. */
  clipsMoved: {
    reducer(state: DocumentState, action: PayloadAction<{ ids: string[]; delta: number; trackId?: string }, string, CoalesceMeta>) {
      const ids = new Set(withLinked(state, action.payload.ids).filter((id) => unlocked(state, state.clips.entities[id]!)));
      const { moved } = moveClips(clipsOf(state), ids, action.payload.delta);
      const target = action.payload.trackId ? state.tracks.entities[action.payload.trackId] : undefined;
      const fits = (kind: TrackKind, clip: Clip) =>
        clip.audio ? kind === 'audio' : clip.takeId !== null ? kind === 'video' || kind === 'cameo' : kind !== 'marker' && kind !== 'audio';
      // Only the clips that were dragged change track; their linked partners keep theirs.
      const dragged = new Set(action.payload.ids);
      clipsAdapter.updateMany(
        state.clips,
        moved.map((c) => ({
          id: c.id,
          changes: { startFrame: c.startFrame, ...(target && !target.locked && dragged.has(c.id) && fits(target.kind, c) ? { trackId: target.id } : {}) },
        })),
      );
    },
    prepare: (payload: { ids: string[]; delta: number; trackId?: string }, gestureId?: string) => gesture(payload, gestureId),
  },
  clipTrimmed: {
    reducer(state: DocumentState, action: PayloadAction<{ id: string; edge: 'start' | 'end'; toFrame: number }, string, CoalesceMeta>) {
      const clip = state.clips.entities[action.payload.id];
      if (!clip || !unlocked(state, clip)) return;
      const source = sourceOf(state, clip);
      const next = action.payload.edge === 'start' ? trimStart(clip, action.payload.toFrame, source) : trimEnd(clip, action.payload.toFrame, source);
      clipsAdapter.setOne(state.clips, fitAudio(next));
    },
    prepare: (payload: { id: string; edge: 'start' | 'end'; toFrame: number }, gestureId?: string) => gesture(payload, gestureId),
  },
  /**
   * Ends a drag or trim: where the given clips now cover other clips on their tracks, those are trimmed, split or
   * removed (an overwrite edit). Sent with the gesture's id, so it is part of the same undo step.
   */
  clipsSettled: {
    reducer(state: DocumentState, action: PayloadAction<{ ids: string[]; newIds: string[] }, string, CoalesceMeta>) {
      // Clips linked to the moved ones moved with them and overwrite what they now cover too.
      const placed = new Set(withLinked(state, action.payload.ids));
      const candidates = clipsOf(state).filter((c) => placed.has(c.id) || unlocked(state, c));
      let n = 0;
      const { changed, added, removed } = overwrite(candidates, placed, (c) => sourceOf(state, c), () => action.payload.newIds[n++] ?? crypto.randomUUID());
      clipsAdapter.removeMany(state.clips, removed);
      clipsAdapter.setMany(state.clips, changed.map(fitAudio));
      clipsAdapter.addMany(state.clips, added.map(fitAudio));
    },
    prepare: (ids: string[], gestureId?: string) => ({
      payload: { ids, newIds: Array.from({ length: 16 }, () => crypto.randomUUID()) },
      meta: (gestureId ? { coalesce: gestureId } : {}) as CoalesceMeta,
    }),
  },
  /** Splits the given clips (or, with none given, every unlocked clip) that the frame falls inside. */
  clipsSplit: {
    reducer(state: DocumentState, action: PayloadAction<{ frame: number; ids: string[] | null; newIds: string[] }>) {
      const ids = action.payload.ids ? withLinked(state, action.payload.ids) : state.clips.ids;
      const candidates = ids.map((id) => state.clips.entities[id]).filter((c): c is Clip => !!c && unlocked(state, c));
      // The right halves of linked clips form a new link of their own, named after the first of them.
      const rightLinks = new Map<string, string>();
      let n = 0;
      for (const clip of candidates) {
        const parts = splitClip(clip, action.payload.frame, sourceOf(state, clip), action.payload.newIds[n] ?? crypto.randomUUID());
        if (!parts) continue;
        n += 1;
        const [left, right] = splitAudio(parts[0], parts[1]);
        if (clip.linkId) {
          if (!rightLinks.has(clip.linkId)) rightLinks.set(clip.linkId, right.id);
          right.linkId = rightLinks.get(clip.linkId);
        }
        clipsAdapter.setOne(state.clips, left);
        clipsAdapter.addOne(state.clips, right);
      }
    },
    prepare: (payload: { frame: number; ids: string[] | null }) => ({ payload: { ...payload, newIds: Array.from({ length: 64 }, () => crypto.randomUUID()) } }),
  },
  /** Deletes clips and the clips linked to them (a take's picture and its sound go together). */
  clipsDeleted(state: DocumentState, action: PayloadAction<{ ids: string[]; ripple: boolean }>) {
    const ids = new Set(withLinked(state, action.payload.ids).filter((id) => unlocked(state, state.clips.entities[id]!)));
    if (ids.size === 0) return;
    if (!action.payload.ripple) {
      clipsAdapter.removeMany(state.clips, [...ids]);
      return;
    }
    const { removed, kept } = rippleDelete(clipsOf(state), ids);
    clipsAdapter.removeMany(state.clips, removed);
    clipsAdapter.updateMany(
      state.clips,
      kept.filter((c) => c.startFrame !== state.clips.entities[c.id]!.startFrame).map((c) => ({ id: c.id, changes: { startFrame: c.startFrame } })),
    );
  },
  markerAdded: {
    reducer(state: DocumentState, action: PayloadAction<{ id: string; frame: number; label: string; color: string }>) {
      markersAdapter.addOne(state.markers, action.payload);
    },
    prepare: (payload: { frame: number; label?: string; color?: string }) => ({
      payload: { id: crypto.randomUUID(), frame: payload.frame, label: payload.label ?? '', color: payload.color ?? '#f5b942' },
    }),
  },
  markerMoved: {
    reducer(state: DocumentState, action: PayloadAction<{ id: string; frame: number }, string, CoalesceMeta>) {
      markersAdapter.updateOne(state.markers, { id: action.payload.id, changes: { frame: Math.max(0, Math.round(action.payload.frame)) } });
    },
    prepare: (payload: { id: string; frame: number }, gestureId?: string) => gesture(payload, gestureId),
  },
  markerRenamed(state: DocumentState, action: PayloadAction<{ id: string; label: string }>) {
    const marker = state.markers.entities[action.payload.id];
    if (marker) marker.label = action.payload.label.trim().slice(0, 256);
  },
  markersRemoved(state: DocumentState, action: PayloadAction<string[]>) {
    markersAdapter.removeMany(state.markers, action.payload);
  },
  audioTrackAdded: {
    reducer(state: DocumentState, action: PayloadAction<{ id: string }>) {
      const count = state.tracks.ids.filter((id) => state.tracks.entities[id]!.kind === 'audio').length;
      tracksAdapter.addOne(state.tracks, { id: action.payload.id, kind: 'audio', name: `Audio ${count + 1}`, muted: false, locked: false, solo: false });
    },
    prepare: () => ({ payload: { id: crypto.randomUUID() } }),
  },
  trackToggled(state: DocumentState, action: PayloadAction<{ id: string; flag: 'muted' | 'locked' }>) {
    const track = state.tracks.entities[action.payload.id];
    if (track) track[action.payload.flag] = !track[action.payload.flag];
  },
};
