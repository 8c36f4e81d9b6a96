import { z } from 'zod';
import { boxTrackSchema } from './cameo/boxTrack.js';

export const MAX_PROMPT_LENGTH = 2000;

/** What a person asks for. Unset fields take the model pack's defaults. */
export const generationRequestSchema = z
  .object({
    prompt: z.string().trim().min(1, 'write a prompt').max(MAX_PROMPT_LENGTH),
    negativePrompt: z.string().max(MAX_PROMPT_LENGTH).default(''),
    seconds: z.number().positive().max(60).default(2),
    /** 0 … 2³²−1; a random seed is chosen (and reported) when absent. */
    seed: z.number().int().min(0).max(0xffffffff).optional(),
    steps: z.number().int().min(1).max(200).optional(),
    guidance: z.number().min(0).max(30).optional(),
    shift: z.number().positive().max(50).optional(),
    scheduler: z.enum(['flow-unipc', 'flow-euler']).optional(),
    size: z.object({ width: z.number().int().positive().max(8192), height: z.number().int().positive().max(8192) }).strict().optional(),
    cameos: z
      .array(z.object({ referencePath: z.string().min(1).max(4096), track: boxTrackSchema }).strict())
      .max(8)
      .default([]),
    /** A model pack id from `models.list`; the default pack when absent. */
    packId: z.string().max(64).optional(),
  })
  .strict();
export type GenerationRequest = z.input<typeof generationRequestSchema>;
export type ParsedGenerationRequest = z.output<typeof generationRequestSchema>;

export type JobPhase = 'load' | 'text' | 'denoise' | 'decode' | 'sound' | 'encode';

export interface JobSettings {
  prompt: string;
  negativePrompt: string;
  seconds: number;
  frames: number;
  width: number;
  height: number;
  fps: number;
  seed: number;
  steps: number;
  guidance: number;
  shift: number;
  scheduler: 'flow-unipc' | 'flow-euler';
  packId: string;
  cameoCount: number;
}

export interface JobOutput {
  /** URL the renderer plays it from (custom protocol in Electron, HTTP in web mode). */
  url: string;
  path: string;
  frames: number;
  width: number;
  height: number;
  fps: number;
  /** The clip's generated sound (mono WAV, sample 0 at frame 0) when the model pack makes sound; also muxed into the MP4. */
  audio?: { path: string; url: string; sampleRate: number };
}

export interface JobTimings {
  wallMs: number;
  loadMs: number;
  ortMs: number;
  /** Prompt → frames inside the worker; `wallMs` adds model loading and encoding. */
  pipelineMs: number;
  encodeMs: number;
}

interface JobBase {
  id: string;
  createdAt: number;
  settings: JobSettings;
}

/** A generation job as every client sees it. */
export type JobView = JobBase &
  (
    | { status: 'queued'; position: number }
    | {
        status: 'running';
        startedAt: number;
        phase: JobPhase;
        step: number;
        steps: number;
        /** Estimated ms left, once a denoising step has been timed. */
        etaMs: number | null;
        executionProvider: string | null;
      }
    | { status: 'complete'; finishedAt: number; output: JobOutput; timings: JobTimings; executionProvider: string; warnings: string[] }
    | { status: 'error'; finishedAt: number; message: string }
    /** `reason` when the engine cancelled it (a cameo's owner withdrew consent), absent when a person did. */
    | { status: 'cancelled'; finishedAt: number; reason?: string }
  );

export type JobStatus = JobView['status'];
export const isFinished = (job: JobView) => job.status === 'complete' || job.status === 'error' || job.status === 'cancelled';
