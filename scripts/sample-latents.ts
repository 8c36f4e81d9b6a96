/**
 * Samples a pack's latents exactly as a generation job does (same noise, scheduler and guidance), for the training tools
 * that tune a decoder on what the denoiser really produces. Reads a JSON list of {prompt, seed, frames} and appends
 * each job's final latents (float32, the denoiser's layout) to one file, and its decoded frames (RGB24) to another, in
 * the list's order; a rerun continues after the last complete clip.
 *
 *   npx tsx scripts/sample-latents.ts --model models/scenecast-tiny --jobs jobs.json --out latents.f32 --frames frames.rgb
 */
import { appendFile, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { resolveShape, videoGeometry } from '../src-main/engine/inference/pack/geometry.js';
import { openModelPack } from '../src-main/engine/inference/pack/open.js';
import { runTextToVideo } from '../src-main/engine/inference/pipeline/textToVideo.js';

const jobSchema = z.array(z.object({ prompt: z.string(), seed: z.number().int().min(0), frames: z.number().int().min(1) }));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      jobs: { type: 'string' },
      out: { type: 'string' },
      frames: { type: 'string' },
      threads: { type: 'string' },
    },
  });
  if (!values.model || !values.jobs || !values.out || !values.frames) {
    throw new Error('usage: tsx scripts/sample-latents.ts --model <pack dir> --jobs <jobs.json> --out <latents.f32> --frames <frames.rgb>');
  }
  const jobs = jobSchema.parse(JSON.parse(await readFile(values.jobs, 'utf8')));
  const pack = await openModelPack(path.resolve(values.model), {
    executionProvider: 'cpu',
    cpuThreads: Number(values.threads ?? 0),
  });
  const m = pack.manifest;
  const size = m.video.sizes[0]!;
  // Clips already in both files (a rerun after a stop) are skipped; a partly written one stops the run.
  const sizeOf = (file: string) => stat(file).then((s) => s.size, () => 0);
  const [haveLatents, haveFrames] = [await sizeOf(values.out), await sizeOf(values.frames)];
  let [latentOffset, frameOffset] = [0, 0];
  let done = 0;
  const started = performance.now();
  for (const [i, job] of jobs.entries()) {
    const shape = resolveShape(m.components.denoiser.inputs.latents.shape, videoGeometry(m, job.frames, size.width, size.height), 1);
    const bytes = 4 * shape.reduce((a, b) => a * b, 1);
    const frameBytes = job.frames * size.width * size.height * 3;
    if (latentOffset + bytes <= haveLatents && frameOffset + frameBytes <= haveFrames) {
      latentOffset += bytes;
      frameOffset += frameBytes;
      continue;
    }
    if (latentOffset < haveLatents || frameOffset < haveFrames) {
      throw new Error(`clip ${i} is partly written: truncate ${values.out} to ${latentOffset} bytes and ${values.frames} to ${frameOffset}`);
    }
    const result = await runTextToVideo(
      pack,
      {
        prompt: job.prompt,
        negativePrompt: '',
        frames: job.frames,
        width: size.width,
        height: size.height,
        seed: job.seed,
        steps: m.scheduler.steps,
        guidance: m.scheduler.guidance,
        shift: m.scheduler.shift,
        scheduler: m.scheduler.kind,
        cameos: [],
      },
      { onProgress: () => undefined, checkpoint: async () => undefined },
    );
    if (result.latents.byteLength !== bytes) throw new Error(`clip ${i}: ${result.latents.byteLength} bytes of latents, expected ${bytes}`);
    await appendFile(values.out, new Uint8Array(result.latents.buffer, result.latents.byteOffset, bytes));
    await appendFile(values.frames, Buffer.concat(result.frames));
    latentOffset += bytes;
    frameOffset += frameBytes;
    done++;
    if (done % 25 === 0) {
      const perClip = (performance.now() - started) / 1000 / done;
      console.log(`${i + 1}/${jobs.length} clips, ${perClip.toFixed(2)} s per clip`);
    }
  }
  console.log(`done: ${jobs.length} clips in ${values.out}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
