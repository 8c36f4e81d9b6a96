import { spawn } from 'node:child_process';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { MediaOutputError, MediaProcessError } from './errors.js';
import type { MediaTools } from './locate.js';
import { reserveTempFile } from './output.js';
import { StderrTail, describeExit, runTool, waitForExit } from './process.js';

export interface FfmpegRender {
  /** Everything before the output: inputs, `-filter_complex`, `-map`s, codec options. Passed as arguments, no shell. */
  args: readonly string[];
  /** Container for `-f` (the temp file's name has no telling extension). */
  container: 'mp4' | 'mov';
  /** Final path; nothing appears there until ffmpeg succeeded (temp name beside it, fsync, rename). */
  outPath: string;
  /** Frames the output will have, for progress. */
  totalFrames: number;
  onProgress?: (framesDone: number) => void;
  /** Aborting kills ffmpeg and removes the partial file; the promise rejects with an AbortError. */
  signal?: AbortSignal;
}

export class RenderCancelledError extends Error {
  override readonly name = 'AbortError';
  constructor(what: string) {
    super(`${what} was cancelled`);
  }
}

/**
 * Runs one ffmpeg command that writes one file, reporting progress from `-progress` (frames written) and honouring an
 * AbortSignal. For graphs built elsewhere (the timeline export), so the engine still spawns ffmpeg only here.
 */
export async function renderWithFfmpeg(tools: Pick<MediaTools, 'ffmpeg'>, render: FfmpegRender): Promise<{ path: string; bytes: number }> {
  const finalPath = path.resolve(render.outPath);
  if (render.signal?.aborted) throw new RenderCancelledError(`writing ${finalPath}`);
  const temp = await reserveTempFile(finalPath, 'the export');
  const args = ['-hide_banner', '-nostdin', '-v', 'error', '-nostats', '-progress', 'pipe:1', '-y', ...render.args, '-f', render.container, temp];
  const child = spawn(tools.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  const stderr = new StderrTail();
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const match = /^frame=(\d+)/.exec(line);
      if (match) render.onProgress?.(Math.min(render.totalFrames, Number(match[1])));
    }
  });
  const kill = () => child.kill('SIGKILL');
  render.signal?.addEventListener('abort', kill, { once: true });
  try {
    let exit;
    try {
      exit = await waitForExit(child);
    } catch (error) {
      throw new MediaProcessError(`could not start ffmpeg (${tools.ffmpeg}): ${(error as Error).message}`, '');
    }
    if (render.signal?.aborted) throw new RenderCancelledError(`writing ${finalPath}`);
    if (exit.code !== 0) throw new MediaProcessError(`rendering ${finalPath} failed: ${describeExit('ffmpeg', exit)}`, stderr.lines());
    const handle = await open(temp, 'r+');
    await handle.sync().finally(() => handle.close());
    try {
      await rename(temp, finalPath);
    } catch (error) {
      throw new MediaOutputError(`cannot move the finished export to ${finalPath}: ${(error as Error).message}`, finalPath);
    }
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    render.signal?.removeEventListener('abort', kill);
  }
  render.onProgress?.(render.totalFrames);
  return { path: finalPath, bytes: (await stat(finalPath)).size };
}

const encoderCache = new Map<string, Promise<ReadonlySet<string>>>();

/** The encoder names this ffmpeg was built with (`ffmpeg -encoders`), asked once per binary. */
export function availableEncoders(tools: Pick<MediaTools, 'ffmpeg'>): Promise<ReadonlySet<string>> {
  let cached = encoderCache.get(tools.ffmpeg);
  if (!cached) {
    cached = runTool(tools.ffmpeg, ['-hide_banner', '-encoders'], 'listing ffmpeg encoders', { timeoutMs: 15_000 }).then(({ stdout }) => {
      const names = new Set<string>();
      // Lines look like " V....D libx264              libx264 H.264 / AVC …"; the legend above them has "=" in it.
      for (const line of stdout.toString('utf8').split('\n')) {
        const match = /^\s[VAS][A-Z.]{5}\s+(\S+)\s/.exec(line);
        if (match && match[1] !== '=') names.add(match[1]!);
      }
      return names;
    });
    cached.catch(() => encoderCache.delete(tools.ffmpeg));
    encoderCache.set(tools.ffmpeg, cached);
  }
  return cached;
}
