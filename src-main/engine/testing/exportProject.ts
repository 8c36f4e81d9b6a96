/**
 * A project to export, for the export tests, the export benchmark and the end-to-end spec: two takes (textured
 * synthetic footage, 16:9) cut on the video track after a short gap, one of them with a single white flash frame, and a
 * click track on the audio track whose click is placed to land on the flash — so an export that keeps picture and sound
 * in sync has the click exactly at the flash frame's time.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectDocument } from '../../../src-shared/project/index.js';
import { encodeWavFloat32 } from '../audio/wav.js';
import { createVideoEncoder, type MediaTools } from '../media/index.js';
import { createProject, saveProject } from '../projects/store.js';
import { lumaToRgb, syntheticLuma } from '../provenance/watermark/testClip.js';

export interface ExportTestProject {
  dir: string;
  document: ProjectDocument;
  fps: number;
  totalFrames: number;
  /** Timeline frame that shows the flash (and where the click sounds). */
  flashFrame: number;
  /** Timeline frames of the cuts: gap → take A, take A → take B. */
  cuts: [number, number];
  takePaths: { a: string; b: string };
}

const FPS = 24;
const RATE = 48_000;

export interface ExportTestProjectOptions {
  tools: Pick<MediaTools, 'ffmpeg'>;
  /** Folder the project folder is made in. */
  parentDir: string;
  name?: string;
  /** Size of the takes (16:9 by default, so a 9:16 export letterboxes them). */
  width?: number;
  height?: number;
  /** Multiplies every length (for the benchmark's longer timeline). Default 1. */
  scale?: number;
  /** The takes' ids ('take-a' and 'take-b' by default); the cameo tests use generation job ids (UUIDs), as the studio does. */
  takeIds?: { a: string; b: string };
}

async function writeTake(tools: Pick<MediaTools, 'ffmpeg'>, file: string, width: number, height: number, frames: number, seed: number, flashAt: number | null): Promise<void> {
  const encoder = await createVideoEncoder({ tools, width, height, fps: FPS, outPath: file, preset: 'veryfast', crf: 16 });
  try {
    for (let i = 0; i < frames; i++) {
      const luma = i === flashAt ? new Uint8Array(width * height).fill(255) : syntheticLuma(width, height, i, seed);
      await encoder.writeFrame(lumaToRgb(luma));
    }
    await encoder.finish();
  } catch (error) {
    await encoder.abort();
    throw error;
  }
}

export async function makeExportTestProject(options: ExportTestProjectOptions): Promise<ExportTestProject> {
  const { tools, width = 256, height = 144 } = options;
  const ids = options.takeIds ?? { a: 'take-a', b: 'take-b' };
  const k = options.scale ?? 1;
  const opened = await createProject(options.parentDir, options.name ?? 'Export test', { fps: FPS, width, height });
  const { dir } = opened;
  // Take A: 40·k frames, flash at source frame 20·k; on the timeline from 6·k, trimmed to start at source frame 4·k.
  const takeA = { frames: 40 * k, flash: 20 * k, start: 6 * k, sourceIn: 4 * k, duration: 30 * k };
  const takeB = { frames: 24 * k, start: takeA.start + takeA.duration, duration: 18 * k };
  const flashFrame = takeA.start + (takeA.flash - takeA.sourceIn);
  await writeTake(tools, path.join(dir, 'renders', 'take-a.mp4'), width, height, takeA.frames, 1, takeA.flash);
  await writeTake(tools, path.join(dir, 'renders', 'take-b.mp4'), width, height, takeB.frames, 2, null);

  // The click track: a 2 ms click at 0.5 s·k of the file, over quiet noise. The clip starts at 12·k and skips the file's
  // first 2·k frames, so the click plays at timeline frame 12·k + (12·k − 2·k) = the flash frame.
  const clickSourceFrame = 12 * k;
  const audio = { start: 12 * k, sourceIn: 2 * k, duration: 40 * k };
  if (audio.start + clickSourceFrame - audio.sourceIn !== flashFrame) throw new Error('export test project: the click does not land on the flash');
  const samples = new Float32Array(Math.round(3 * k * RATE));
  let noise = 12345;
  for (let i = 0; i < samples.length; i++) {
    noise = (Math.imul(noise, 1664525) + 1013904223) >>> 0;
    samples[i] = ((noise / 4294967296) - 0.5) * 0.002;
  }
  const clickAt = (clickSourceFrame * RATE) / FPS;
  for (let i = 0; i < RATE * 0.002; i++) samples[clickAt + i] = 0.8 * Math.sin((2 * Math.PI * 3000 * i) / RATE) * (1 - i / (RATE * 0.002));
  await writeFile(path.join(dir, 'assets', 'click.wav'), encodeWavFloat32([samples], RATE));

  const [video, , audioTrack] = opened.document.tracks;
  const pack = { id: 'scenecast-test', version: '1.0.0' };
  const document: ProjectDocument = {
    ...opened.document,
    scenes: [
      { id: 'scene-a', prompt: 'a bright flash in a textured room', negativePrompt: '', durationFrames: takeA.frames, seed: 1, seedLocked: false, stylePreset: null, cameraPreset: null, takeIds: [ids.a], activeTakeId: ids.a },
      { id: 'scene-b', prompt: 'the room after the flash', negativePrompt: '', durationFrames: takeB.frames, seed: 2, seedLocked: false, stylePreset: null, cameraPreset: null, takeIds: [ids.b], activeTakeId: ids.b },
    ],
    takes: [
      { id: ids.a, sceneId: 'scene-a', renderPath: 'renders/take-a.mp4', posterPath: null, frames: takeA.frames, fps: FPS, seed: 1, modelPack: pack, status: 'ready' },
      { id: ids.b, sceneId: 'scene-b', renderPath: 'renders/take-b.mp4', posterPath: null, frames: takeB.frames, fps: FPS, seed: 2, modelPack: pack, status: 'ready' },
    ],
    clips: [
      { id: 'clip-a', trackId: video!.id, takeId: ids.a, assetId: null, startFrame: takeA.start, durationFrames: takeA.duration, sourceInFrame: takeA.sourceIn, sourceOutFrame: takeA.sourceIn + takeA.duration },
      { id: 'clip-b', trackId: video!.id, takeId: ids.b, assetId: null, startFrame: takeB.start, durationFrames: takeB.duration, sourceInFrame: 0, sourceOutFrame: takeB.duration },
      {
        id: 'clip-click',
        trackId: audioTrack!.id,
        takeId: null,
        assetId: 'click',
        startFrame: audio.start,
        durationFrames: audio.duration,
        sourceInFrame: audio.sourceIn,
        sourceOutFrame: audio.sourceIn + audio.duration,
        audio: { gainDb: 0, fadeInFrames: 0, fadeOutFrames: 0, offsetMs: 0, muted: false },
      },
    ],
    markers: [
      { id: 'm1', frame: takeA.start, label: 'Scene one', color: '#ffcc00' },
      { id: 'm2', frame: flashFrame, label: 'Flash & click', color: '#ff0000' },
    ],
    assets: [{ id: 'click', kind: 'audio', path: 'assets/click.wav', name: 'click.wav', durationSeconds: 3 * k, sampleRate: RATE, channels: 1 }],
  };
  await saveProject(dir, document);
  return {
    dir,
    document,
    fps: FPS,
    totalFrames: takeB.start + takeB.duration,
    flashFrame,
    cuts: [takeA.start, takeB.start],
    takePaths: { a: path.join(dir, 'renders', 'take-a.mp4'), b: path.join(dir, 'renders', 'take-b.mp4') },
  };
}
