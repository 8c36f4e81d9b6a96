/**
 * Web mode for the e2e specs: the real engine and server with a throwaway data folder. The model is the random-weight
 * test pack with a long step count at a larger size, so a job runs long enough to watch its progress and cancel it mid-way;
 * or, with `SCENECAST_E2E_MODEL=<pack folder>` (e.g. models/scenecast-tiny), that pack as it is, for a spec that looks at
 * what a real model draws. `--data-dir` names the data folder (a fresh temporary one by default).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createEngine } from '../../src-main/engine/index.js';
import { createNodeHost } from '../../src-main/engine/system/nodeHost.js';
import { startWebServer } from '../../src-main/web/server.js';
import { E2E_TOKEN } from './constants.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({ options: { port: { type: 'string' }, 'data-dir': { type: 'string' } } });

const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : mkdtempSync(path.join(os.tmpdir(), 'scenecast-e2e-'));
mkdirSync(dataDir, { recursive: true });
const realPack = process.env.SCENECAST_E2E_MODEL;
const packDir = realPack ? path.resolve(root, realPack) : path.join(dataDir, 'e2e-pack');
if (!realPack) {
  cpSync(path.join(root, 'src-main/engine/inference/__fixtures__/tiny-pack'), packDir, { recursive: true });
  const manifestPath = path.join(packDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    scheduler: { steps: number };
    video: { sizes: Array<{ width: number; height: number }> };
  };
  manifest.scheduler.steps = Number(process.env.SCENECAST_E2E_STEPS ?? 1000);
  manifest.video.sizes.unshift({ width: 256, height: 256 });
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
}
writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ version: 1, modelPack: packDir, cpuThreads: 1 }));

const server = await startWebServer(async (mediaUrl) => createEngine(createNodeHost({ dataDir, mediaUrl })), {
  staticDir: path.join(root, 'out', 'web'),
  port: Number(values.port ?? 47821),
  token: E2E_TOKEN,
});
process.stdout.write(`e2e web mode at ${server.url} (data ${dataDir})\n`);
const stop = () => void server.close().finally(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
