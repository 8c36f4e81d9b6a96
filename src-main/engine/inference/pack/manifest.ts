import { z } from 'zod';

/** Symbols a manifest shape may use; the engine fills them in per job. */
export const shapeSymbols = [
  'batch',
  'frames',
  'height',
  'width',
  'latent_frames',
  'latent_height',
  'latent_width',
  'audio_samples',
] as const;
export type ShapeSymbol = (typeof shapeSymbols)[number];

export const tensorDtypes = ['float32', 'float16', 'int64', 'int32'] as const;
export type TensorDtype = (typeof tensorDtypes)[number];

const tensorSpec = z
  .object({
    name: z.string().min(1),
    dtype: z.enum(tensorDtypes),
    shape: z.array(z.union([z.number().int().positive(), z.enum(shapeSymbols)])).min(1),
  })
  .strict();
export type TensorSpec = z.infer<typeof tensorSpec>;

/** A file inside the pack folder: relative, no `..`, no absolute path. */
const packFile = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.startsWith('\\') && !/^[a-zA-Z]:/.test(p), 'must be a path relative to the pack folder')
  .refine((p) => !p.split(/[\\/]/).includes('..'), "must not contain '..'");

const component = <I extends z.ZodRawShape, O extends z.ZodRawShape>(inputs: I, outputs: O) =>
  z.object({ file: packFile, inputs: z.object(inputs).strict(), outputs: z.object(outputs).strict() }).strict();

const size = z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).strict();

export const schedulerKinds = ['flow-unipc', 'flow-euler'] as const;

export const manifestSchema = z
  .object({
    format: z.literal('scenecast-model-pack'),
    formatVersion: z.literal(1),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes'),
    name: z.string().min(1),
    version: z.string().min(1),
    license: z.string().min(1),
    purpose: z.enum(['model', 'test-fixture']),
    description: z.string().optional(),
    video: z
      .object({
        fps: z.number().int().positive().max(120),
        sizes: z.array(size).min(1),
        frames: z.object({ min: z.number().int().positive(), max: z.number().int().positive() }).strict(),
      })
      .strict(),
    latent: z
      .object({
        channels: z.number().int().positive(),
        spatialCompression: z.number().int().positive(),
        temporalCompression: z.number().int().positive(),
      })
      .strict(),
    tokenizer: z.object({ file: packFile, maxLength: z.number().int().positive().max(4096) }).strict(),
    components: z
      .object({
        textEncoder: component(
          { inputIds: tensorSpec, attentionMask: tensorSpec.optional() },
          { context: tensorSpec },
        ),
        denoiser: component(
          {
            latents: tensorSpec,
            timestep: tensorSpec,
            context: tensorSpec,
            contextMask: tensorSpec.optional(),
            cameoReference: tensorSpec.optional(),
            cameoMask: tensorSpec.optional(),
          },
          { velocity: tensorSpec },
        ),
        vaeDecoder: component({ latents: tensorSpec }, { frames: tensorSpec }),
        /** Optional video → sound: reads the final latents, returns mono samples at `audio.sampleRate`. */
        audioDecoder: component({ latents: tensorSpec }, { waveform: tensorSpec }).optional(),
      })
      .strict(),
    audio: z
      .object({
        sampleRate: z.number().int().min(8000).max(192000),
        channels: z.literal(1),
      })
      .strict()
      .optional(),
    scheduler: z
      .object({
        kind: z.enum(schedulerKinds),
        numTrainTimesteps: z.number().int().positive(),
        shift: z.number().positive(),
        steps: z.number().int().min(1).max(1000),
        guidance: z.number().min(0).max(50),
      })
      .strict(),
    conditioning: z
      .object({
        cameo: z
          .object({ maxSubjects: z.number().int().min(1).max(8), referenceSize: size })
          .strict()
          .optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.components.audioDecoder && !m.audio) {
      ctx.addIssue({ code: 'custom', path: ['audio'], message: 'is required when components.audioDecoder is present (sampleRate, channels)' });
    }
    if (m.audio && !m.components.audioDecoder) {
      ctx.addIssue({ code: 'custom', path: ['components', 'audioDecoder'], message: 'is required when the manifest declares audio' });
    }
    if (m.audio && (m.audio.sampleRate % m.video.fps) !== 0) {
      ctx.addIssue({ code: 'custom', path: ['audio', 'sampleRate'], message: `must be a whole number of samples per video frame (fps ${m.video.fps})` });
    }
  });

export type PackManifest = z.infer<typeof manifestSchema>;
export type ComponentName = keyof PackManifest['components'];
