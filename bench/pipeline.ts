/**
 * `npm run bench:pipeline [-- --model DIR --runs N --seconds S --steps N]`: how much of a generation's wall time is
 * spent outside ONNX Runtime. Runs one warm-up job (which loads the pack), then N jobs with the pack loaded, and
 * prints per-job wall time (enqueue → file written, measured in the engine's process), the summed ORT run() time, and
 * the overhead share = (wall − ORT) / wall.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '../src-main/engine/index.js';
import { createNodeHost } from '../src-main/engine/system/nodeHost.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    runs: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '2' },
    steps: { type: 'string' },
    threads: { type: 'string', default: '0' },
  },
});

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenecast-bench-'));
const host = createNodeHost({ dataDir });
host.settings.update({ cpuThreads: Number(values.threads), executionProvider: 'cpu' });
const engine = await createEngine(host);
const packDir = values.model ? path.resolve(values.model) : undefined;
const pack = await engine.packs.resolve({ packDir });
const runs = Number(values.runs);

async function job(seed: number) {
  const started = performance.now();
  const queued = await engine.queue.enqueue(
    { prompt: 'a red ball bouncing on the beach', seconds: Number(values.seconds), seed, steps: values.steps ? Number(values.steps) : undefined },
    { packDir: pack.dir, outPath: path.join(dataDir, `bench-${seed}.mp4`) },
  );
  const done = await engine.queue.wait(queued.id);
  const wallMs = performance.now() - started;
  if (done.status !== 'complete') throw new Error(`bench job ended ${done.status}${done.status === 'error' ? `: ${done.message}` : ''}`);
  return { wallMs, done };
}

try {
  process.stdout.write(`pack ${pack.manifest.id} ${pack.manifest.version} (${pack.manifest.purpose}), CPU, ${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? ''}\n`);
  const warm = await job(1);
  process.stdout.write(`warm-up (loads the pack): ${(warm.wallMs / 1000).toFixed(2)} s, load ${(warm.done.status === 'complete' ? warm.done.timings.loadMs / 1000 : 0).toFixed(2)} s\n\n`);
  process.stdout.write('run  frames  steps   wall s   ORT s   outside ORT s   overhead   (worker s, encode s)\n');
  let wallSum = 0;
  let ortSum = 0;
  for (let i = 0; i < runs; i++) {
    const { wallMs, done } = await job(100 + i);
    if (done.status !== 'complete') continue;
    const ort = done.timings.ortMs;
    wallSum += wallMs;
    ortSum += ort;
    process.stdout.write(
      `${String(i + 1).padStart(3)}  ${String(done.settings.frames).padStart(6)}  ${String(done.settings.steps).padStart(5)}  ${(wallMs / 1000).toFixed(3).padStart(7)}  ${(ort / 1000).toFixed(3).padStart(6)}  ${((wallMs - ort) / 1000).toFixed(3).padStart(14)}  ${(((wallMs - ort) / wallMs) * 100).toFixed(2).padStart(8)} %   (${(done.timings.wallMs / 1000).toFixed(3)}, ${(done.timings.encodeMs / 1000).toFixed(3)})\n`,
    );
  }
  process.stdout.write(`\npipeline overhead over ${runs} runs: ${(((wallSum - ortSum) / wallSum) * 100).toFixed(2)} % of wall time (target ≤ 5 %)\n`);
} finally {
  await engine.dispose();
  rmSync(dataDir, { recursive: true, force: true });
}
