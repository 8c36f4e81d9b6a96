import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { cameoUseSchema, exportFileNameSchema, exportOptionsSchema } from '../../../src-shared/export.js';
import { MediaOutputError, MediaToolMissingError } from '../media/index.js';
import { ProjectPathError } from '../projects/index.js';
import { followJob, procedure, router } from '../trpc.js';
import { ExportError, type ExportService } from './service.js';
import { ExportPlanError } from './timeline.js';

const codes = { bad_request: 'BAD_REQUEST', not_found: 'NOT_FOUND', unavailable: 'PRECONDITION_FAILED' } as const;
const projectDir = z.string().min(1).max(4096);

/** Export errors carry messages written for the user; they become tRPC errors a UI can show as they are. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ExportError) throw new TRPCError({ code: codes[error.kind], message: error.message });
    if (error instanceof ExportPlanError || error instanceof ProjectPathError || error instanceof MediaOutputError) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
    }
    if (error instanceof MediaToolMissingError) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: error.message.split('\n')[0]! });
    throw error;
  }
}

export function exportRouter(exports: ExportService) {
  return router({
    /** The formats this machine's ffmpeg can write (HEVC and ProRes only where it has their encoders). */
    formats: procedure.query(() => guarded(() => exports.formats())),
    /** Starts exporting the timeline into the project's exports/ folder; progress arrives on `watch`. */
    start: procedure
      .input(z.strictObject({ projectDir, outputName: exportFileNameSchema, options: exportOptionsSchema }))
      .mutation(({ input }) => guarded(() => exports.startInProject(input))),
    /** Renders with the feed preset, all marks on, and publishes through the feed with the cameos and provenance. */
    toFeed: procedure
      .input(
        z.strictObject({
          projectDir,
          title: z.string().trim().min(1).max(200),
          visibility: z.enum(['public', 'unlisted']).default('public'),
          crossfadeFrames: z.number().int().min(0).max(240).default(0),
          cameos: z.array(cameoUseSchema).max(16).default([]),
        }),
      )
      .mutation(({ input }) => guarded(() => exports.startFeedExport(input))),
    cancel: procedure.input(z.strictObject({ jobId: z.uuid() })).mutation(({ input }) => guarded(async () => exports.cancel(input.jobId))),
    /** A job's state now and at every change, until it completes, fails or is cancelled. */
    watch: procedure.input(z.strictObject({ jobId: z.uuid() })).subscription(async function* ({ input, signal }) {
      const current = exports.job(input.jobId);
      if (!current) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such export job (it may have finished long ago)' });
      yield* followJob(current, (push) => exports.subscribe((job) => job.id === input.jobId && push(job)), (job) => job.state !== 'running', signal);
    }),
  });
}
