import type { PayloadAction } from '@reduxjs/toolkit';
import { MAX_OFFSET_MS, nudgeClip } from '../../../src-shared/audio';
import type { Asset, Clip } from '../../../src-shared/project';
import { timelineEnd } from '../../../src-shared/timeline';
import type { CoalesceMeta } from '../history/undoable';
import { assetsAdapter, clipsAdapter, type DocumentState } from '../document/state';
import { clampGainDb, defaultClipAudio, withLinked } from './clipAudio';

/**
 * Document edits of the timeline's audio: importing a sound, a clip's gain, fades and mute, fine placement (1 ms
 * nudges, auto-sync, typed offsets), solo, and links between clips. All are undoable; a drag or a run of nudges
 * carries a coalesce key so it is one undo step.
 */

const withKey = <P>(payload: P, key?: string) => ({ payload, meta: (key ? { coalesce: key } : {}) as CoalesceMeta });

const unlocked = (state: DocumentState, clip: Clip) => !state.tracks.entities[clip.trackId]?.locked;

function clipsOnTrack(state: DocumentState, trackId: string): Clip[] {
  return state.clips.ids.map((id) => state.clips.entities[id]!).filter((c) => c.trackId === trackId);
}

export interface AudioImport {
  asset: Asset;
  clipId: string;
  trackId: string;
  /** Where the clip should start; if the track is taken there, it goes after the track's last clip. */
  atFrame: number;
}

export const audioReducers = {
  /** An imported sound: the asset joins the project and a clip of its whole length lands on the track. */
  audioImported(state: DocumentState, action: PayloadAction<AudioImport>) {
    const { asset, clipId, trackId } = action.payload;
    const track = state.tracks.entities[trackId];
    if (!track || track.kind !== 'audio' || track.locked || state.clips.entities[clipId]) return;
    const fps = state.meta?.fps ?? 24;
    const frames = Math.max(1, Math.floor(asset.durationSeconds * fps));
    const onTrack = clipsOnTrack(state, trackId);
    let at = Math.max(0, Math.round(action.payload.atFrame));
    if (onTrack.some((c) => c.startFrame < at + frames && at < c.startFrame + c.durationFrames)) at = Math.max(at, timelineEnd(onTrack));
    if (!state.assets.entities[asset.id]) assetsAdapter.addOne(state.assets, asset);
    clipsAdapter.addOne(state.clips, {
      id: clipId,
      trackId,
      takeId: null,
      assetId: asset.id,
      startFrame: at,
      durationFrames: frames,
      sourceInFrame: 0,
      sourceOutFrame: frames,
      audio: defaultClipAudio(),
      linkId: null,
    });
  },

  /** Gain (dB), fades (frames from each end) and mute of one audio clip; values are clamped to what fits. */
  audioClipChanged: {
    reducer(state: DocumentState, action: PayloadAction<{ id: string; gainDb?: number; fadeInFrames?: number; fadeOutFrames?: number; muted?: boolean }, string, CoalesceMeta>) {
      const clip = state.clips.entities[action.payload.id];
      if (!clip?.audio || !unlocked(state, clip)) return;
      const { gainDb, fadeInFrames, fadeOutFrames, muted } = action.payload;
      const audio = clip.audio;
      if (gainDb !== undefined && Number.isFinite(gainDb)) audio.gainDb = clampGainDb(gainDb);
      const fade = (v: number, other: number) => Math.max(0, Math.min(clip.durationFrames - other, Math.round(v)));
      if (fadeInFrames !== undefined && Number.isFinite(fadeInFrames)) audio.fadeInFrames = fade(fadeInFrames, audio.fadeOutFrames);
      if (fadeOutFrames !== undefined && Number.isFinite(fadeOutFrames)) audio.fadeOutFrames = fade(fadeOutFrames, audio.fadeInFrames);
      if (muted !== undefined) audio.muted = muted;
    },
    prepare: (payload: { id: string; gainDb?: number; fadeInFrames?: number; fadeOutFrames?: number; muted?: boolean }, gestureId?: string) => withKey(payload, gestureId),
  },

  /**
   * Nudges audio clips by whole milliseconds (their fine offset; whole frames carry into the start past ±500 ms).
   * Linked clips without a fine offset (the picture) stay: a millisecond slips the sound against it.
   */
  audioClipsNudgedMs: {
    reducer(state: DocumentState, action: PayloadAction<{ ids: string[]; ms: number }, string, CoalesceMeta>) {
      const fps = state.meta?.fps ?? 24;
      for (const id of action.payload.ids) {
        const clip = state.clips.entities[id];
        if (!clip?.audio || !unlocked(state, clip)) continue;
        const moved = nudgeClip({ startFrame: clip.startFrame, offsetMs: clip.audio.offsetMs }, { ms: Math.round(action.payload.ms) }, fps);
        clip.startFrame = moved.startFrame;
        clip.audio.offsetMs = moved.offsetMs;
      }
    },
    prepare: (payload: { ids: string[]; ms: number }, key?: string) => withKey(payload, key),
  },

  /**
   * Places one audio clip at an exact start (frame + fine offset): a typed offset or an auto-sync correction. Only
   * this clip moves, linked or not — it is the sound's sync against its picture that changes.
   */
  audioClipPlaced(state: DocumentState, action: PayloadAction<{ id: string; startFrame: number; offsetMs: number }>) {
    const clip = state.clips.entities[action.payload.id];
    if (!clip?.audio || !unlocked(state, clip)) return;
    const startFrame = Math.max(0, Math.round(action.payload.startFrame));
    const offsetMs = Math.max(-MAX_OFFSET_MS, Math.min(MAX_OFFSET_MS, Math.round(action.payload.offsetMs)));
    clip.startFrame = startFrame;
    clip.audio.offsetMs = startFrame === 0 ? Math.max(0, offsetMs) : offsetMs;
  },

  /** Links clips so they move together; a clip already linked brings its group along. */
  clipsLinked: {
    reducer(state: DocumentState, action: PayloadAction<{ ids: string[]; linkId: string }>) {
      const ids = withLinked(state, action.payload.ids);
      if (ids.length < 2) return;
      for (const id of ids) state.clips.entities[id]!.linkId = action.payload.linkId;
    },
    prepare: (payload: { ids: string[] }) => ({ payload: { ...payload, linkId: crypto.randomUUID() } }),
  },

  /** Unlinks the given clips' groups: every clip in them moves on its own again. */
  clipsUnlinked(state: DocumentState, action: PayloadAction<{ ids: string[] }>) {
    for (const id of withLinked(state, action.payload.ids)) state.clips.entities[id]!.linkId = null;
  },

  trackSoloToggled(state: DocumentState, action: PayloadAction<{ id: string }>) {
    const track = state.tracks.entities[action.payload.id];
    if (track?.kind === 'audio') track.solo = !track.solo;
  },
};
