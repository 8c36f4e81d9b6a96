import { z } from 'zod';
import type { ExecutionProviderChoice } from '../../../../src-shared/settings.js';
import type { PipelineRequest } from '../pipeline/textToVideo.js';

/** A generation job as the worker runs it: the pipeline's request plus where it runs and writes, all resolved. */
export interface WorkerJob extends PipelineRequest {
  jobId: string;
  packDir: string;
  executionProvider: ExecutionProviderChoice;
  cpuThreads: number;
  ffmpegPath: string;
  outPath: string;
}

/** Where a job's generated sound goes: beside the video, same name, `.wav`. */
export function soundPathFor(videoPath: string): string {
  return videoPath.replace(/\.[^./\\]+$/, '') + '.wav';
}

export type ToWorker =
  | { type: 'generate'; job: WorkerJob }
  | { type: 'cancel'; jobId: string }
  /** Stop the encoder waiting for the next job, then exit. */
  | { type: 'shutdown' }
  | { type: 'crash-for-test' };

const phase = z.enum(['load', 'text', 'denoise', 'decode', 'sound', 'encode']);
export type JobPhase = z.infer<typeof phase>;

export const fromWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pid: z.number() }),
  z.object({
    type: z.literal('loaded'),
    jobId: z.string(),
    executionProvider: z.string(),
    skippedProviders: z.array(z.object({ provider: z.string(), reason: z.string() })),
    loadMs: z.number(),
    cached: z.boolean(),
  }),
  z.object({ type: z.literal('progress'), jobId: z.string(), phase, step: z.number(), steps: z.number() }),
  z.object({
    type: z.literal('done'),
    jobId: z.string(),
    output: z.object({
      path: z.string(),
      frames: z.number(),
      width: z.number(),
      height: z.number(),
      fps: z.number(),
      /** The clip's generated sound (WAV beside the video), when the pack makes sound. */
      audio: z.object({ path: z.string(), sampleRate: z.number() }).optional(),
    }),
    timings: z.object({
      wallMs: z.number(),
      loadMs: z.number(),
      ortMs: z.object({ textEncoder: z.number(), denoiser: z.number(), vaeDecoder: z.number(), audioDecoder: z.number() }),
      /** Prompt → frames (tokenize, text encoder, sampling, VAE decode, frame conversion). */
      pipelineMs: z.number(),
      encodeMs: z.number(),
    }),
    unknownWords: z.array(z.string()),
  }),
  z.object({ type: z.literal('failed'), jobId: z.string(), message: z.string(), kind: z.enum(['pack', 'media', 'input', 'internal']) }),
  z.object({ type: z.literal('cancelled'), jobId: z.string() }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;

export type { ExecutionProviderChoice };
