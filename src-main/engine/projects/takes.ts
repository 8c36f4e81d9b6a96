/**
 * Takes: generation jobs that belong to a project. The job renders into the project's renders/ folder, so the take
 * travels with the project; the studio records the take in the document (its id is the job id) and asks for a
 * poster once the job completes. Media reaches the studio by URL, never as bytes.
 */
import { randomUUID } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { generationRequestSchema } from '../../../src-shared/generation.js';
import { projectRelativePath } from '../../../src-shared/project/index.js';
import type { GenerationQueue } from '../inference/generation.js';
import type { PackRegistry } from '../inference/packs.js';
import { makePoster, type MediaTools } from '../media/index.js';
import { procedure, router } from '../trpc.js';
import { PROJECT_FILE, RENDERS_DIR, openProject } from './store.js';
import { resolveInProject } from './paths.js';

export interface TakesDeps {
  queue: GenerationQueue;
  packs: PackRegistry;
  mediaTools: () => Promise<MediaTools>;
  mediaUrl: (absolutePath: string) => string;
}

const projectDir = z.string().min(1).max(4096);
const POSTER_WIDTH = 320;

/** The resolved folder of a project the studio has open (it holds a project.json), or NOT_FOUND. */
export async function projectFolder(dir: string): Promise<string> {
  const resolved = path.resolve(dir);
  try {
    await access(path.join(resolved, PROJECT_FILE));
  } catch {
    throw new TRPCError({ code: 'NOT_FOUND', message: `no project at ${resolved}: open or create the project first` });
  }
  return resolved;
}

async function inProject(dir: string, relative: string): Promise<string> {
  try {
    return await resolveInProject(dir, relative);
  } catch (err) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: (err as Error).message });
  }
}

export function takesRouter(deps: TakesDeps) {
  return router({
    /** Queues a take of a scene; it renders to `renders/<name>.mp4` inside the project. */
    enqueue: procedure
      .input(z.object({ dir: projectDir, request: generationRequestSchema.omit({ cameos: true }) }).strict())
      .mutation(async ({ input }) => {
        const dir = await projectFolder(input.dir);
        const fileName = `take-${randomUUID()}.mp4`;
        await mkdir(path.join(dir, RENDERS_DIR), { recursive: true });
        try {
          const pack = await deps.packs.resolve({ packId: input.request.packId });
          const job = await deps.queue.enqueue(input.request, { outPath: path.join(dir, RENDERS_DIR, fileName) });
          return { job, renderPath: `${RENDERS_DIR}/${fileName}`, modelPack: { id: pack.manifest.id, version: pack.manifest.version } };
        } catch (err) {
          const code = err instanceof RangeError ? 'BAD_REQUEST' : 'PRECONDITION_FAILED';
          throw new TRPCError({ code, message: (err as Error).message });
        }
      }),
    /** Writes a poster still next to a rendered take and returns its project-relative path and URL. */
    poster: procedure
      .input(z.object({ dir: projectDir, renderPath: projectRelativePath }).strict())
      .mutation(async ({ input }) => {
        const dir = await projectFolder(input.dir);
        const video = await inProject(dir, input.renderPath);
        const posterPath = input.renderPath.replace(/\.[^./]+$/, '') + '.poster.jpg';
        const out = await inProject(dir, posterPath);
        const tools = await deps.mediaTools();
        await makePoster(tools, video, out, { atSeconds: 0.5, width: POSTER_WIDTH });
        return { posterPath, url: deps.mediaUrl(out) };
      }),
    /** A poster URL per project folder (the first scene's active take), for the home screen; null when none. */
    projectPosters: procedure.input(z.object({ dirs: z.array(projectDir).max(50) }).strict()).query(async ({ input }) => {
      const posters: Record<string, string | null> = {};
      for (const dir of input.dirs) {
        posters[dir] = null;
        try {
          const { document } = await openProject(path.resolve(dir));
          const takes = new Map(document.takes.map((t) => [t.id, t]));
          const poster = document.scenes.map((s) => (s.activeTakeId ? takes.get(s.activeTakeId)?.posterPath : null)).find((p) => !!p);
          if (poster) posters[dir] = deps.mediaUrl(await resolveInProject(path.resolve(dir), poster));
        } catch {
          // A project that cannot be read shows its problem in the recent list; it just has no poster.
        }
      }
      return posters;
    }),
    /** URLs for project files (takes, posters), for <video> and <img>. */
    mediaUrls: procedure
      .input(z.object({ dir: projectDir, paths: z.array(projectRelativePath).max(500) }).strict())
      .query(async ({ input }) => {
        const dir = await projectFolder(input.dir);
        const urls: Record<string, string> = {};
        for (const p of input.paths) urls[p] = deps.mediaUrl(await inProject(dir, p));
        return urls;
      }),
  });
}
