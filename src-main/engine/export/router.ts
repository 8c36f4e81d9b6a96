import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { cameoIdsSchema, exportFileNameSchema, exportSettingsSchema, type CameoUse, type ExportJobView } from '../../../src-shared/export.js';
import { CameoConsentError, CameoLibraryError } from '../cameos/index.js';
import { MediaOutputError, MediaToolMissingError } from '../media/index.js';
import { ProjectPathError } from '../projects/index.js';
import { followJob, procedure, router } from '../trpc.js';
import { ExportError, type Exporter, type ExportService } from './service.js';
import { ExportPlanError } from './timeline.js';

const codes = { bad_request: 'BAD_REQUEST', not_found: 'NOT_FOUND', unavailable: 'PRECONDITION_FAILED', forbidden: 'FORBIDDEN' } as const;
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
    if (error instanceof CameoConsentError) throw new TRPCError({ code: 'FORBIDDEN', message: error.message });
    if (error instanceof CameoLibraryError) throw new TRPCError({ code: error.kind === 'not_found' ? 'NOT_FOUND' : error.kind === 'forbidden' ? 'FORBIDDEN' : 'BAD_REQUEST', message: error.message });
    if (error instanceof MediaToolMissingError) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: error.message.split('\n')[0]! });
    throw error;
  }
}

export interface ExportRouterDeps {
  exports: ExportService;
  /**
   * The cameos named by id, as provenance records them: checked usable by the person exporting, with the owner and the
   * consent hash from the cameo library (never from the caller). Throws when one may not be used.
   */
  cameoConsent: (ctx: { clientId: string }, cameoIds: readonly string[]) => Promise<CameoUse[]>;
  /**
   * Who is exporting (the signed-in feed account): each cameo the timeline's takes were made with must be one they may
   * use now. Asked only when the timeline holds such a take; throws when nobody is signed in.
   */
  exporter: (ctx: { clientId: string }) => Promise<string>;
  /** Notes a finished export or post in the usage log of each cameo in it (named, or one its takes were made with). */
  cameoUsed?: (ctx: { clientId: string }, cameoIds: readonly string[], use: { purpose: 'export' | 'post'; projectDir: string; postId?: string }) => Promise<void>;
}

export function exportRouter({ exports, cameoConsent, exporter, cameoUsed }: ExportRouterDeps) {
  /** The person exporting, asked at most once per request. */
  const exporterOf = (ctx: { clientId: string }): Exporter => {
    let handle: Promise<string> | undefined;
    return () => (handle ??= exporter(ctx));
  };
  /**
   * The cameos the caller names, checked usable by the person exporting. First, though, the engine's own record of the
   * timeline's takes: a take made with a revoked or deleted cameo, or with one the person exporting may not use now,
   * refuses the export whatever the caller names, and that refusal names the take and the cameo.
   */
  const cameos = async (ctx: { clientId: string }, who: Exporter, projectDir: string, ids: readonly string[]) => {
    await exports.checkTimelineCameos(projectDir, who);
    return ids.length ? cameoConsent(ctx, ids) : [];
  };
  /** Once the job has made its file (or post), the owners of its cameos see the use in their log. */
  const noteUse = (ctx: { clientId: string }, job: ExportJobView, projectDir: string) => {
    if (!cameoUsed) return job;
    void exports
      .wait(job.id)
      .then(async (end) => {
        if (end.state === 'complete' && end.cameoIds.length > 0) {
          await cameoUsed(ctx, end.cameoIds, { purpose: end.post ? 'post' : 'export', projectDir, ...(end.post ? { postId: end.post.id } : {}) });
        }
      })
      .catch((error: unknown) => process.emitWarning(`the cameo usage log could not note export ${job.id}: ${(error as Error).message}`));
    return job;
  };
  return router({
    /** The formats this machine's ffmpeg can write (HEVC and ProRes only where it has their encoders). */
    formats: procedure.query(() => guarded(() => exports.formats())),
    /** Starts exporting the timeline into the project's exports/ folder; progress arrives on `watch`. */
    start: procedure
      .input(z.strictObject({ projectDir, outputName: exportFileNameSchema, options: exportSettingsSchema, cameoIds: cameoIdsSchema }))
      .mutation(({ ctx, input }) =>
        guarded(async () => {
          const who = exporterOf(ctx);
          const options = { ...input.options, cameos: await cameos(ctx, who, input.projectDir, input.cameoIds) };
          return noteUse(ctx, await exports.startInProject({ projectDir: input.projectDir, outputName: input.outputName, options, exporter: who }), input.projectDir);
        }),
      ),
    /** Renders with the feed preset, all marks on, and publishes through the feed with the cameos and provenance. */
    toFeed: procedure
      .input(
        z.strictObject({
          projectDir,
          title: z.string().trim().min(1).max(200),
          visibility: z.enum(['public', 'unlisted']).default('public'),
          crossfadeFrames: z.number().int().min(0).max(240).default(0),
          cameoIds: cameoIdsSchema,
        }),
      )
      .mutation(({ ctx, input }) =>
        guarded(async () => {
          const who = exporterOf(ctx);
          return noteUse(ctx, await exports.startFeedExport({ ...input, cameos: await cameos(ctx, who, input.projectDir, input.cameoIds), exporter: who }), input.projectDir);
        }),
      ),
    cancel: procedure.input(z.strictObject({ jobId: z.uuid() })).mutation(({ input }) => guarded(async () => exports.cancel(input.jobId))),
    /** A job's state now and at every change, until it completes, fails or is cancelled. */
    watch: procedure.input(z.strictObject({ jobId: z.uuid() })).subscription(async function* ({ input, signal }) {
      const current = exports.job(input.jobId);
      if (!current) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such export job (it may have finished long ago)' });
      yield* followJob(current, (push) => exports.subscribe((job) => job.id === input.jobId && push(job)), (job) => job.state !== 'running', signal);
    }),
  });
}
