/**
 * `npm run bench:pipeline [-- --model DIR --runs N --seconds S --steps N --gap-ms MS]`: how much of a generation's wall
 * time is spent outside ONNX Runtime. Runs one warm-up job (which loads the pack), then N jobs with the pack loaded, and
 * prints per job: the pipeline's wall time in the worker (prompt → frames), the summed ORT run() time and the share
 * outside ORT; and the end-to-end time (enqueue → MP4 written, measured in the engine's process) with the ffmpeg
 * encode tail and its share outside ORT. Two ways of asking:
 * - one at a time: each job is enqueued `--gap-ms` after the previous one finished (a creator generating a take,
 *   looking at it, asking for the next): the worker is idle in between and has the next encoder started;
 * - queued: N jobs enqueued at once (Generate all): each starts the moment the previous one ends.
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
    'gap-ms': { type: 'string', default: '500' },
  },
});

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenecast-bench-'));
const host = createNodeHost({ dataDir });
host.settings.update({ cpuThreads: Number(values.threads), executionProvider: 'cpu' });
const engine = await createEngine(host);
const packDir = values.model ? path.resolve(values.model) : undefined;
const pack = await engine.packs.resolve({ packDir });
const runs = Number(values.runs);

const request = (seed: number) => ({
  prompt: 'a red ball bouncing on the beach',
  seconds: Number(values.seconds),
  seed,
  steps: values.steps ? Number(values.steps) : undefined,
});

async function job(seed: number) {
  const started = performance.now();
  const queued = await engine.queue.enqueue(request(seed), { packDir: pack.dir, outPath: path.join(dataDir, `bench-${seed}.mp4`) });
  const done = await engine.queue.wait(queued.id);
  const wallMs = performance.now() - started;
  if (done.status !== 'complete') throw new Error(`bench job ended ${done.status}${done.status === 'error' ? `: ${done.message}` : ''}`);
  return { wallMs, done };
}

/**
 * N jobs enqueued together; the end-to-end time of each is measured from when the previous one finished (the first:
 * from the enqueue), using the jobs' own finish times, so the order in which this loop notices them does not matter.
 */
async function queuedJobs(firstSeed: number, count: number) {
  const enqueuedAt = Date.now();
  const jobs = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      engine.queue.enqueue(request(firstSeed + i), { packDir: pack.dir, outPath: path.join(dataDir, `bench-${firstSeed + i}.mp4`) }),
    ),
  );
  const finished = await Promise.all(jobs.map((queued) => engine.queue.wait(queued.id)));
  let previousEnd = enqueuedAt;
  const results = [];
  for (const done of finished) {
    if (done.status !== 'complete') throw new Error(`bench job ended ${done.status}${done.status === 'error' ? `: ${done.message}` : ''}`);
    results.push({ wallMs: done.finishedAt - previousEnd, done });
    previousEnd = done.finishedAt;
  }
  return results;
}

const pct = (part: number, whole: number) => `${((part / whole) * 100).toFixed(2).padStart(6)} %`;

function report(title: string, results: { wallMs: number; done: Awaited<ReturnType<typeof job>>['done'] }[]) {
  process.stdout.write(`${title}\nrun  frames  steps   pipeline s   ORT s   overhead  |  end-to-end s   encode s   overhead\n`);
  let wallSum = 0;
  let pipelineSum = 0;
  let ortSum = 0;
  results.forEach(({ wallMs, done }, i) => {
    if (done.status !== 'complete') return;
    const { ortMs: ort, pipelineMs, encodeMs } = done.timings;
    wallSum += wallMs;
    pipelineSum += pipelineMs;
    ortSum += ort;
    process.stdout.write(
      `${String(i + 1).padStart(3)}  ${String(done.settings.frames).padStart(6)}  ${String(done.settings.steps).padStart(5)}  ` +
        `${(pipelineMs / 1000).toFixed(3).padStart(11)}  ${(ort / 1000).toFixed(3).padStart(6)}  ${pct(pipelineMs - ort, pipelineMs)}  |  ` +
        `${(wallMs / 1000).toFixed(3).padStart(12)}  ${(encodeMs / 1000).toFixed(3).padStart(9)}  ${pct(wallMs - ort, wallMs)}\n`,
    );
  });
  process.stdout.write(
    `pipeline overhead (prompt → frames in the worker, outside ORT run()): ${pct(pipelineSum - ortSum, pipelineSum).trim()} over ${results.length} runs (target ≤ 5 %)\n` +
      `end-to-end overhead (enqueue → MP4 written, incl. IPC and the ffmpeg encode tail): ${pct(wallSum - ortSum, wallSum).trim()}; ` +
      `mean end to end ${(wallSum / results.length / 1000).toFixed(3)} s\n\n`,
  );
}

try {
  process.stdout.write(`pack ${pack.manifest.id} ${pack.manifest.version} (${pack.manifest.purpose}), CPU, ${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? ''}\n`);
  const warm = await job(1);
  process.stdout.write(`warm-up (loads the pack): ${(warm.wallMs / 1000).toFixed(2)} s, load ${(warm.done.status === 'complete' ? warm.done.timings.loadMs / 1000 : 0).toFixed(2)} s\n\n`);
  const gapMs = Number(values['gap-ms']);
  const oneAtATime = [];
  for (let i = 0; i < runs; i++) {
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    oneAtATime.push(await job(100 + i));
  }
  report(`one at a time (${gapMs} ms idle before each)`, oneAtATime);
  report('queued (enqueued together, each starts when the previous ends)', await queuedJobs(200, runs));
} finally {
  await engine.dispose();
  rmSync(dataDir, { recursive: true, force: true });
}
