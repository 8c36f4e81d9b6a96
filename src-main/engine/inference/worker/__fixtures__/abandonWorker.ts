/**
 * For encoderStandby.test.ts: an engine that runs one job, reports its worker's pid and the pid of the encoder waiting
 * for the next job, then exits without disposing anything — as an engine process does when it is killed.
 */
import path from 'node:path';
import { createEngine } from '../../../index.js';
import { createNodeHost } from '../../../system/nodeHost.js';
import { FIXTURE_PACK_DIR } from '../../../testing/fixturePack.js';

const dataDir = process.argv[2]!;
const host = createNodeHost({ dataDir });
host.settings.update({ modelPack: FIXTURE_PACK_DIR, executionProvider: 'cpu', cpuThreads: 1 });
const engine = await createEngine(host);
const job = await engine.queue.enqueue({ prompt: 'a red ball bouncing', seconds: 1, seed: 5, steps: 2, size: { width: 64, height: 64 } }, { outPath: path.join(dataDir, 'clip.mp4') });
const end = await engine.queue.wait(job.id);
process.stdout.write(`${JSON.stringify({ status: end.status, worker: engine.workerPid() })}\n`);
// Let the worker start its next encoder, then vanish.
setTimeout(() => process.exit(0), 1500);
