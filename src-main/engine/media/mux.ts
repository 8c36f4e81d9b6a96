import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { MediaTools } from './locate.js';
import { reserveTempFile } from './output.js';
import { runTool } from './process.js';

export interface AddAudioTrack {
  /** An MP4 with one video stream; rewritten in place (temp name, then rename) with the sound added. */
  videoPath: string;
  /** Any audio file ffmpeg reads; its sample 0 plays with the video's first frame. */
  audioPath: string;
  /** AAC bit rate, bits per second. */
  bitrate?: number;
}

/**
 * Adds a sound track to a finished video without re-encoding the picture: the video stream is copied, the sound is
 * encoded to AAC and cut to the video's length, and the result keeps +faststart. The original stays untouched until
 * the new file is complete.
 */
export async function addAudioTrack(tools: Pick<MediaTools, 'ffmpeg'>, job: AddAudioTrack): Promise<{ path: string }> {
  const finalPath = path.resolve(job.videoPath);
  const temp = await reserveTempFile(finalPath, 'the video with sound');
  const args = [
    '-hide_banner', '-nostdin', '-v', 'error', '-y',
    '-i', finalPath, '-i', path.resolve(job.audioPath),
    '-map', '0:v:0', '-map', '1:a:0', '-c:v', 'copy',
    '-c:a', 'aac', '-b:a', String(job.bitrate ?? 96_000), '-shortest',
    '-movflags', '+faststart', '-f', 'mp4', temp,
  ];
  try {
    await runTool(tools.ffmpeg, args, `adding sound to ${finalPath}`);
    await rename(temp, finalPath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { path: finalPath };
}
