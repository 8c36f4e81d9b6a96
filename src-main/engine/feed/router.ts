import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { projectRelativePath } from '../../../src-shared/project/index.js';
import { followJob, procedure, router } from '../trpc.js';
import { FeedError, type FeedService } from './service.js';

const handle = z.string().trim().min(2).max(32);
const password = z.string().min(1).max(1024);
const postId = z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'a feed post id is 16 letters, digits, - or _');

const codes = { unauthorized: 'UNAUTHORIZED', bad_request: 'BAD_REQUEST', unavailable: 'PRECONDITION_FAILED', not_found: 'NOT_FOUND' } as const;

/** Maps feed errors to tRPC codes; their messages are written for the user. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof FeedError) throw new TRPCError({ code: codes[error.kind], message: error.message });
    throw error;
  }
}

export function feedRouter(feed: FeedService) {
  return router({
    /** The feed's URL (the sidebar frames it) and who is signed in, starting the embedded server on first use. */
    status: procedure.query(() => guarded(() => feed.status())),
    /** Where the sidebar loads the feed page: signed in, with a one-time code that signs the page in too. */
    pageUrl: procedure.mutation(() => guarded(() => feed.pageUrl())),
    signUp: procedure
      .input(z.strictObject({ handle, displayName: z.string().trim().min(1).max(64), password }))
      .mutation(({ input }) => guarded(() => feed.signUp(input))),
    signIn: procedure.input(z.strictObject({ handle, password })).mutation(({ input }) => guarded(() => feed.signIn(input))),
    signOut: procedure.mutation(() => guarded(() => feed.signOut())),
    /** Starts uploading a take's render; progress arrives on `publishProgress`. */
    publish: procedure
      .input(
        z.strictObject({
          dir: z.string().min(1).max(4096),
          renderPath: projectRelativePath,
          title: z.string().trim().min(1).max(200),
          visibility: z.enum(['public', 'unlisted']),
          prompt: z.string().max(10_000).default(''),
          storyboardSummary: z.string().max(20_000).default(''),
          provenance: z
            .strictObject({
              modelPack: z.strictObject({ id: z.string().max(128), version: z.string().max(64) }).optional(),
              seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
            })
            .default({}),
        }),
      )
      .mutation(({ input }) => guarded(() => feed.publish({ ...input, provenance: { generator: 'Scenecast', ...input.provenance } }))),
    /** A publish job's state now and at every change, until it is published or fails. */
    publishProgress: procedure.input(z.strictObject({ jobId: z.uuid() })).subscription(async function* ({ input, signal }) {
      const current = feed.job(input.jobId);
      if (!current) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such publish job (it may have finished long ago)' });
      yield* followJob(current, (push) => feed.subscribe((job) => job.id === input.jobId && push(job)), (job) => job.state !== 'uploading', signal);
    }),
    /** A new project from a post's prompt/storyboard; the studio then opens it. */
    remix: procedure.input(z.strictObject({ postId })).mutation(({ input }) => guarded(() => feed.remix(input.postId))),
  });
}
