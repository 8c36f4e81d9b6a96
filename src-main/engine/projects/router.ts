import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { projectDocumentSchema } from '../../../src-shared/project/index.js';
import { procedure, router } from '../trpc.js';
import { ProjectCorruptError, ProjectFolderError, ProjectNotFoundError, ProjectPathError, ProjectTooNewError } from './errors.js';
import type { ProjectService } from './service.js';

const folder = z.object({ dir: z.string().min(1).max(4096) }).strict();

/** Maps project errors to tRPC codes; the message is already written for the user. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ProjectNotFoundError) throw new TRPCError({ code: 'NOT_FOUND', message: err.message });
    if (err instanceof ProjectCorruptError || err instanceof ProjectTooNewError) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: err.message });
    if (err instanceof ProjectPathError || err instanceof ProjectFolderError) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message });
    throw err;
  }
}

export function projectsRouter(projects: ProjectService) {
  return router({
    recent: procedure.query(() => projects.recent()),
    create: procedure
      .input(
        z
          .object({
            name: z.string().trim().min(1).max(120),
            fps: z.number().int().min(1).max(120).optional(),
            width: z.number().int().min(16).max(8192).optional(),
            height: z.number().int().min(16).max(8192).optional(),
          })
          .strict(),
      )
      .mutation(({ input }) => guarded(() => projects.create(input.name, input))),
    open: procedure.input(folder).mutation(({ input }) => guarded(() => projects.open(input.dir))),
    save: procedure
      .input(z.object({ dir: z.string().min(1).max(4096), document: projectDocumentSchema }).strict())
      .mutation(({ input }) => guarded(() => projects.save(input.dir, input.document))),
    saveAs: procedure
      .input(
        z
          .object({
            dir: z.string().min(1).max(4096),
            name: z.string().trim().min(1).max(120),
            /** The folder to put the copy in; the default projects folder when absent. */
            parentDir: z.string().min(1).max(4096).optional(),
            document: projectDocumentSchema,
          })
          .strict(),
      )
      .mutation(({ input }) => guarded(() => projects.saveAs(input.dir, input.name, input.document, input.parentDir))),
    restoreBackup: procedure.input(folder).mutation(({ input }) => guarded(() => projects.restoreBackup(input.dir))),
    forget: procedure.input(folder).mutation(({ input }) => projects.forget(input.dir)),
  });
}
