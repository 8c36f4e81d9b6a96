import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { generationRequestSchema, type JobView } from '../../../src-shared/generation.js';
import { listen, procedure, router } from '../trpc.js';
import type { GenerationQueue } from './generation.js';
import { summarize, type PackRegistry } from './packs.js';

const jobId = z.object({ id: z.string().uuid() }).strict();

/** Requests from a UI may not point the engine at arbitrary files; cameos come through the cameo library. */
const uiGenerationRequest = generationRequestSchema.omit({ cameos: true });

export type JobEvent = { type: 'snapshot'; jobs: JobView[] } | { type: 'job'; job: JobView };

export function inferenceRouter(deps: { queue: GenerationQueue; packs: PackRegistry }) {
  const { queue, packs } = deps;
  const known = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      throw new TRPCError({ code: 'NOT_FOUND', message: (err as Error).message });
    }
  };
  return {
    models: router({
      list: procedure.query(async () => {
        const { packs: found, problems } = await packs.list();
        return { packs: found.map(summarize), problems };
      }),
    }),
    generation: router({
      enqueue: procedure.input(uiGenerationRequest).mutation(async ({ input }) => {
        try {
          return await queue.enqueue(input);
        } catch (err) {
          const code = err instanceof RangeError ? 'BAD_REQUEST' : 'PRECONDITION_FAILED';
          throw new TRPCError({ code, message: (err as Error).message });
        }
      }),
      cancel: procedure.input(jobId).mutation(({ input }) => known(() => queue.cancel(input.id))),
      retry: procedure.input(jobId).mutation(async ({ input }) => {
        if (!queue.get(input.id)) throw new TRPCError({ code: 'NOT_FOUND', message: `no job '${input.id}'` });
        return queue.retry(input.id);
      }),
      list: procedure.query(() => queue.list()),
      clearFinished: procedure.mutation(() => {
        queue.clearFinished();
        return queue.list();
      }),
      /** A snapshot of every job, then each change as it happens. */
      watch: procedure.subscription(({ signal }) =>
        listen<JobEvent>((push) => queue.subscribe((job) => push({ type: 'job', job })), signal, [{ type: 'snapshot', jobs: queue.list() }]),
      ),
    }),
  };
}
