/**
 * `npm run generate -- --prompt "…" --out clip.mp4`: one generation through the same engine as the studio, no UI.
 * Exit 0 on success; on failure one clear line on stderr and a non-zero code.
 */
import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { parseBoxTrack } from '../src-shared/cameo/boxTrack.js';
import type { GenerationRequest, JobView } from '../src-shared/generation.js';
import { createEngine } from './engine/index.js';
import { createNodeHost } from './engine/system/nodeHost.js';

const usage = `Usage: npm run generate -- --prompt "a red ball bouncing" --out clip.mp4 [options]
  --prompt TEXT        what to see (required)
  --negative TEXT      what to avoid
  --seconds N          clip length (default 2)
  --seed N             0…4294967295 (default: random, printed)
  --steps N            sampling steps (default: the pack's)
  --guidance N         classifier-free guidance scale (default: the pack's)
  --scheduler NAME     flow-unipc or flow-euler (default: the pack's)
  --size WxH           one of the pack's sizes (default: its first)
  --model DIR          model pack folder (default: the bundled pack)
  --cameo IMAGE        reference image of a cameo subject (repeatable, up to the pack's limit)
  --cameo-box BOX      where that cameo is: x,y,w,h or t:x,y,w,h;t:x,y,w,h (normalised 0–1)
  --out FILE.mp4       where to write the clip (required)`;

class UsageError extends Error {}

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got '${text}'`);
  return n;
}

async function checkOutput(out: string): Promise<string> {
  const file = path.resolve(out);
  if (path.extname(file).toLowerCase() !== '.mp4') throw new UsageError(`--out must name an .mp4 file, got '${out}'`);
  const dir = path.dirname(file);
  const info = await stat(dir).catch(() => null);
  if (!info) throw new UsageError(`cannot write ${file}: the folder ${dir} does not exist`);
  if (!info.isDirectory()) throw new UsageError(`cannot write ${file}: ${dir} is a file, not a folder`);
  try {
    await access(dir, constants.W_OK);
  } catch {
    throw new UsageError(`cannot write ${file}: the folder ${dir} is not writable`);
  }
  return file;
}

function progressLine(job: JobView): string | null {
  if (job.status === 'queued') return `queued (#${job.position})`;
  if (job.status !== 'running') return null;
  const width = 30;
  const done = job.phase === 'denoise' ? job.step / job.steps : job.phase === 'decode' || job.phase === 'sound' || job.phase === 'encode' ? 1 : 0;
  const bar = '█'.repeat(Math.round(done * width)).padEnd(width, '░');
  const eta = job.etaMs !== null ? ` ~${Math.ceil(job.etaMs / 1000)} s left` : '';
  const phase = { load: 'loading model', text: 'reading prompt', denoise: `step ${job.step}/${job.steps}`, decode: 'decoding', sound: 'making sound', encode: 'encoding' }[job.phase];
  return `${bar} ${phase}${eta}`;
}

/** Node's parser errors (unknown option, missing value) are usage mistakes: exit 2 with a hint. */
function usageErrorFrom(err: unknown): UsageError {
  const message = (err as Error).message.split('\n')[0] ?? '';
  const hint = /ambiguous/.test(message) ? ' (write a negative number as --name=-1)' : '';
  return new UsageError(`${message}${hint} — see npm run generate -- --help`);
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        prompt: { type: 'string' },
        negative: { type: 'string' },
        seconds: { type: 'string' },
        seed: { type: 'string' },
        steps: { type: 'string' },
        guidance: { type: 'string' },
        scheduler: { type: 'string' },
        size: { type: 'string' },
        model: { type: 'string' },
        cameo: { type: 'string', multiple: true },
        'cameo-box': { type: 'string', multiple: true },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (err) {
    throw usageErrorFrom(err);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (!values.prompt) throw new UsageError('--prompt is required (npm run generate -- --help)');
  if (!values.out) throw new UsageError('--out is required (npm run generate -- --help)');
  const outPath = await checkOutput(values.out);
  const cameoImages = values.cameo ?? [];
  const cameoBoxes = values['cameo-box'] ?? [];
  if (cameoImages.length !== cameoBoxes.length) throw new UsageError('give one --cameo-box for each --cameo');
  const size = values.size ? /^(\d+)x(\d+)$/.exec(values.size) : null;
  if (values.size && !size) throw new UsageError(`--size must look like 128x128, got '${values.size}'`);
  const scheduler = values.scheduler;
  if (scheduler !== undefined && scheduler !== 'flow-unipc' && scheduler !== 'flow-euler') {
    throw new UsageError(`--scheduler must be flow-unipc or flow-euler, got '${scheduler}'`);
  }

  const request: GenerationRequest = {
    prompt: values.prompt,
    negativePrompt: values.negative ?? '',
    seconds: number('seconds', values.seconds) ?? 2,
    seed: number('seed', values.seed),
    steps: number('steps', values.steps),
    guidance: number('guidance', values.guidance),
    scheduler,
    size: size ? { width: Number(size[1]), height: Number(size[2]) } : undefined,
    cameos: cameoImages.map((image, i) => ({ referencePath: path.resolve(image), track: parseBoxTrack(cameoBoxes[i]!) })),
  };

  const engine = await createEngine(createNodeHost());
  try {
    const job = await engine.queue.enqueue(request, { outPath, packDir: values.model ? path.resolve(values.model) : undefined });
    const tty = process.stderr.isTTY;
    let last = '';
    const unsubscribe = engine.queue.subscribe((j) => {
      if (j.id !== job.id || !tty) return;
      const line = progressLine(j);
      if (line && line !== last) {
        process.stderr.write(`\r\x1b[2K${line}`);
        last = line;
      }
    });
    const end = await engine.queue.wait(job.id);
    unsubscribe();
    if (tty && last) process.stderr.write('\r\x1b[2K');
    if (end.status !== 'complete') {
      throw new Error(end.status === 'error' ? end.message : 'generation was cancelled');
    }
    const s = end.settings;
    const t = end.timings;
    for (const w of end.warnings) process.stderr.write(`note: ${w}\n`);
    process.stdout.write(
      `${end.output.path}\n  ${s.frames} frames ${end.output.width}×${end.output.height} @ ${s.fps} fps, seed ${s.seed}, ${s.steps} steps ${s.scheduler}, ` +
        `pack ${s.packId}, ${end.executionProvider}; ${(t.wallMs / 1000).toFixed(2)} s (ONNX Runtime ${(t.ortMs / 1000).toFixed(2)} s)\n`,
    );
    if (end.output.audio) process.stdout.write(`  sound: ${end.output.audio.path} (${end.output.audio.sampleRate} Hz, also in the MP4)\n`);
    return 0;
  } finally {
    await engine.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message =
      err instanceof ZodError
        ? err.issues.map((i) => `--${cliName(String(i.path[0] ?? ''))}: ${i.message}`).join('; ')
        : err instanceof Error
          ? err.message
          : String(err);
    process.stderr.write(`scenecast: ${message.split('\n')[0]}\n`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);

function cliName(field: string): string {
  return { negativePrompt: 'negative', cameos: 'cameo' }[field] ?? field;
}
