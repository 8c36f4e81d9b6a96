import { clipStartMs } from '../../../src-shared/audio';
import type { Clip } from '../../../src-shared/project';
import type { DocumentState } from '../document/state';
import { audioSourcePaths, audioSourceKey } from './clipAudio';
import { projectFilePath } from './projectFilePath';

export interface AutoSyncPair {
  videoClipId: string;
  request: { videoPath: string; audioPath: string; fps: number; audioSourceOffsetMs: number };
}

const overlap = (a: Clip, b: Clip) => Math.max(0, Math.min(a.startFrame + a.durationFrames, b.startFrame + b.durationFrames) - Math.max(a.startFrame, b.startFrame));

/**
 * The picture an audio clip is synced against, and the engine request for it: the given video clip, else the clip
 * linked to the sound, else the video-track clip it overlaps most. `audioSourceOffsetMs` says which moment of the
 * sound file plays with the video file's first frame, from both clips' timeline places and source ins (see
 * src-main/engine/audio/README.md). Returns a sentence for the user when there is nothing to sync against.
 */
export function autoSyncPair(state: DocumentState, dir: string | null, audioClipId: string, videoClipId?: string): AutoSyncPair | string {
  const fps = state.meta?.fps ?? 24;
  const sound = state.clips.entities[audioClipId];
  if (!dir || !sound?.audio) return 'select an audio clip to sync';
  const soundPath = audioSourcePaths(state).get(audioSourceKey(sound));
  if (!soundPath) return 'this clip’s sound file is not in the project';
  const isPicture = (c: Clip | undefined): c is Clip => !!c && !c.audio && c.takeId !== null && state.tracks.entities[c.trackId]?.kind === 'video';
  const all = state.clips.ids.map((id) => state.clips.entities[id]!);
  let picture = videoClipId ? state.clips.entities[videoClipId] : undefined;
  if (!isPicture(picture)) picture = all.find((c) => isPicture(c) && sound.linkId && c.linkId === sound.linkId);
  if (!isPicture(picture)) {
    picture = all.filter(isPicture).sort((a, b) => overlap(b, sound) - overlap(a, sound))[0];
    if (picture && overlap(picture, sound) === 0) picture = undefined;
  }
  if (!isPicture(picture)) return 'put the audio clip under a video clip (or select both) to sync it';
  const take = state.takes.entities[picture.takeId!];
  if (!take || take.status !== 'ready') return 'the video clip’s take has not finished rendering';
  const soundTake = sound.takeId ? state.takes.entities[sound.takeId] : undefined;
  const soundFps = soundTake ? soundTake.fps : fps;
  const audioSourceInMs = (sound.sourceInFrame * 1000) / soundFps;
  const videoSourceInMs = (picture.sourceInFrame * 1000) / take.fps;
  const audioSourceOffsetMs = audioSourceInMs - clipStartMs({ startFrame: sound.startFrame, offsetMs: sound.audio.offsetMs }, fps) + (picture.startFrame * 1000) / fps - videoSourceInMs;
  return {
    videoClipId: picture.id,
    request: { videoPath: projectFilePath(dir, take.renderPath), audioPath: projectFilePath(dir, soundPath), fps, audioSourceOffsetMs: Math.round(audioSourceOffsetMs * 1000) / 1000 },
  };
}
