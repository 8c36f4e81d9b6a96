import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { MediaOutputError } from './errors.js';
import type { MediaTools } from './locate.js';
import { reserveTempFile } from './output.js';
import { runTool } from './process.js';

export interface AudioMixRender {
  /** ffmpeg inputs in order: input i of the graph (`[i:a]`) reads `inputs[i]`. */
  inputs: readonly string[];
  /** A `-filter_complex` graph whose result is the pad `outputLabel`. */
  filterComplex: string;
  /** The graph's output pad, with or without brackets: `mix` or `[mix]`. */
  outputLabel: string;
  sampleRate: number;
  /** Final `.wav` path (32-bit float PCM, stereo); written to a temp name and renamed when complete. */
  outPath: string;
}

/**
 * Renders an audio filter graph (e.g. the timeline mix from src-shared/audio) to a float WAV. The graph comes from
 * pure code and is passed as one argument, never through a shell.
 */
export async function renderAudioMix(tools: Pick<MediaTools, 'ffmpeg'>, render: AudioMixRender): Promise<{ path: string }> {
  if (path.extname(render.outPath).toLowerCase() !== '.wav') throw new MediaOutputError(`audio mix ${render.outPath}: use a .wav file name`, render.outPath);
  const finalPath = path.resolve(render.outPath);
  const temp = await reserveTempFile(finalPath, 'the audio mix');
  const label = render.outputLabel.startsWith('[') ? render.outputLabel : `[${render.outputLabel}]`;
  const args = [
    '-hide_banner', '-nostdin', '-v', 'error', '-y',
    ...render.inputs.flatMap((input) => ['-i', input]),
    '-filter_complex', render.filterComplex,
    '-map', label, '-ar', String(render.sampleRate), '-c:a', 'pcm_f32le', '-f', 'wav', temp,
  ];
  try {
    await runTool(tools.ffmpeg, args, `mixing audio to ${finalPath}`);
    await rename(temp, finalPath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { path: finalPath };
}
