import { z } from 'zod';

/**
 * The timeline's audio state: tracks with mute/solo and the clips on them. Timeline time is integer project frames;
 * `offsetMs` is a sub-frame fine offset on top of `startFrame` (1 ms nudges, auto-sync corrections), so a clip can sit
 * between frames without the timeline leaving integer frames.
 */

const id = z.string().min(1).max(128);
const frame = z.number().int().min(0).max(2 ** 31 - 1);

/** Gain range the studio offers; -60 dB is treated as a level, not as silence (mute is for silence). */
export const MIN_GAIN_DB = -60;
export const MAX_GAIN_DB = 24;
/** A fine offset is for sub-frame placement; whole frames belong in startFrame. */
export const MAX_OFFSET_MS = 1000;

export const audioTrackSchema = z.strictObject({
  id,
  name: z.string().max(128),
  muted: z.boolean(),
  solo: z.boolean(),
});
export type AudioTrack = z.infer<typeof audioTrackSchema>;

export const audioClipSchema = z
  .strictObject({
    id,
    trackId: id,
    /** The imported or generated audio asset the clip plays. */
    assetId: id,
    /** Timeline position in project frames. */
    startFrame: frame,
    /** Fine offset added to startFrame's time, in whole milliseconds; negative moves the clip earlier. */
    offsetMs: z.number().int().min(-MAX_OFFSET_MS).max(MAX_OFFSET_MS),
    durationFrames: z.number().int().min(1).max(2 ** 31 - 1),
    /** Where in the source the clip starts, in project frames from the source's first sample. */
    sourceInFrame: frame,
    gainDb: z.number().min(MIN_GAIN_DB).max(MAX_GAIN_DB),
    fadeInFrames: frame,
    fadeOutFrames: frame,
    muted: z.boolean(),
  })
  .superRefine((clip, ctx) => {
    if (clip.fadeInFrames + clip.fadeOutFrames > clip.durationFrames) {
      ctx.addIssue({
        code: 'custom',
        path: ['fadeOutFrames'],
        message: `fade in (${clip.fadeInFrames}) + fade out (${clip.fadeOutFrames}) frames exceed the clip's ${clip.durationFrames} frames`,
      });
    }
  });
export type AudioClip = z.infer<typeof audioClipSchema>;

export const audioTimelineSchema = z
  .strictObject({
    /** Top to bottom. */
    tracks: z.array(audioTrackSchema),
    clips: z.array(audioClipSchema),
  })
  .superRefine((state, ctx) => {
    const trackIds = new Set<string>();
    state.tracks.forEach((track, index) => {
      if (trackIds.has(track.id)) ctx.addIssue({ code: 'custom', path: ['tracks', index, 'id'], message: `duplicate track id "${track.id}"` });
      trackIds.add(track.id);
    });
    const clipIds = new Set<string>();
    state.clips.forEach((clip, index) => {
      if (clipIds.has(clip.id)) ctx.addIssue({ code: 'custom', path: ['clips', index, 'id'], message: `duplicate clip id "${clip.id}"` });
      clipIds.add(clip.id);
      if (!trackIds.has(clip.trackId)) ctx.addIssue({ code: 'custom', path: ['clips', index, 'trackId'], message: `no audio track "${clip.trackId}"` });
    });
  });
export type AudioTimeline = z.infer<typeof audioTimelineSchema>;

/**
 * Mute and solo, as mixing desks do it: when any track is soloed only soloed tracks play; a muted track or clip is
 * silent even when its track is soloed (mute wins).
 */
export function isClipAudible(state: Pick<AudioTimeline, 'tracks'>, clip: Pick<AudioClip, 'trackId' | 'muted'>): boolean {
  const track = state.tracks.find((t) => t.id === clip.trackId);
  if (!track || track.muted || clip.muted) return false;
  const anySolo = state.tracks.some((t) => t.solo && !t.muted);
  return !anySolo || track.solo;
}
