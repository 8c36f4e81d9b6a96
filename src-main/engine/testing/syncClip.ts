/**
 * A picture and a sound with a known offset, for auto-sync tests and end-to-end specs: a bouncing ball rendered from
 * exact physics (contacts fall between frames) through the media module's encoder, and a 48 kHz WAV of knocks at the
 * contact times shifted by `offsetMs` (positive: the sound is late).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createVideoEncoder, type MediaTools } from '../media/index.js';
import { addKnock, addNoise, bouncingBall, drawBallFrame } from '../audio/testSignals.js';
import { encodeWavFloat32 } from '../audio/wav.js';

export interface SyncClipOptions {
  tools: Pick<MediaTools, 'ffmpeg'>;
  /** Folder to write `<name>.mp4` and `<name>.wav` into. */
  dir: string;
  name?: string;
  fps: number;
  offsetMs: number;
  /** Video length; the WAV runs 0.5 s longer. Default 4. */
  seconds?: number;
  /** Silence before the first knock's timeline in the WAV (the audio clip's source offset). Default 0. */
  leadInMs?: number;
  width?: number;
  height?: number;
}

export interface SyncClip {
  videoPath: string;
  audioPath: string;
  /** Contact times in seconds of the video. */
  contacts: number[];
}

const RATE = 48_000;

export async function makeSyncClip(options: SyncClipOptions): Promise<SyncClip> {
  const { tools, dir, fps, offsetMs, seconds = 4, leadInMs = 0, width = 160, height = 90 } = options;
  const name = options.name ?? `ball-${fps}fps-${offsetMs}ms`;
  const ball = bouncingBall({ height: 0.9, gravity: 9.8 / 1.2, restitution: 0.78, startSeconds: 0.3, seconds: seconds - 0.3 });
  const radius = Math.max(3, Math.round(height / 15));
  const videoPath = path.join(dir, `${name}.mp4`);
  const encoder = await createVideoEncoder({ tools, width, height, fps, outPath: videoPath, preset: 'veryfast' });
  for (let i = 0; i < Math.round(seconds * fps); i++) {
    const t = i / fps;
    await encoder.writeFrame(drawBallFrame(width, height, width / 4 + (width / 8) * t, height - 2 * radius - 4 - ball.heightAt(t) * (height - 5 * radius), radius));
  }
  await encoder.finish();
  const samples = new Float32Array(Math.round((seconds + 0.5 + leadInMs / 1000) * RATE));
  addNoise(samples, 0.002, 11);
  // Louder for faster impacts, as a real bounce sounds.
  ball.contacts.forEach((t, i) => addKnock(samples, RATE, t + (offsetMs + leadInMs) / 1000, 0.6 * 0.78 ** i, i + 1));
  const audioPath = path.join(dir, `${name}.wav`);
  await writeFile(audioPath, encodeWavFloat32([samples], RATE));
  return { videoPath, audioPath, contacts: ball.contacts };
}
