/**
 * `npm run bench:peaks [-- --minutes 60 --pps 100]`: waveform peaks for a long file. Generates a 48 kHz stereo 16-bit
 * WAV (a 440 Hz sine plus white noise) with ffmpeg in a temp folder, then
 *  1. computePeaks (ffmpeg decodes to mono f32 on a pipe, the engine folds it into min/max buckets): wall time;
 *  2. PeaksCache.get on an empty cache (compute + write the cache file) and again (read it back): wall times, size.
 * Peak RSS is this Node process's maxRSS (process.resourceUsage), before and after; ffmpeg runs in its own process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PeaksCache, computePeaks, locateMediaTools } from '../src-main/engine/media/index.js';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '60' }, pps: { type: 'string', default: '100' } } });
const minutes = Number(values.minutes);
const peaksPerSecond = Number(values.pps);
if (!(minutes > 0) || !Number.isInteger(peaksPerSecond)) throw new Error('usage: --minutes N (> 0) --pps N (integer 1..1000)');

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const maxRss = () => process.resourceUsage().maxRSS * 1024; // kilobytes → bytes
const seconds = (ms: number) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`);

const tools = await locateMediaTools({ env: process.env });
const dir = mkdtempSync(path.join(os.tmpdir(), 'scenecast-bench-peaks-'));
try {
  const wav = path.join(dir, `tone-noise-${minutes}min.wav`);
  const duration = minutes * 60;
  let started = performance.now();
  // A bench fixture, not app media work: the engine's own ffmpeg calls stay in src-main/engine/media.
  const made = spawnSync(tools.ffmpeg, [
    '-hide_banner', '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${duration}`,
    '-f', 'lavfi', '-i', `anoisesrc=sample_rate=48000:amplitude=0.1:duration=${duration}:seed=7`,
    '-filter_complex', '[0:a][1:a]amix=inputs=2:normalize=0,pan=stereo|c0=c0|c1=c0[out]',
    '-map', '[out]', '-c:a', 'pcm_s16le', wav,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (made.status !== 0) throw new Error(`ffmpeg could not make the test file: ${made.stderr.toString().trim()}`);
  console.log(`input: ${path.basename(wav)}, ${minutes} min, 48 kHz stereo s16le, ${mib(statSync(wav).size)} (made in ${seconds(performance.now() - started)})`);
  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.availableParallelism()}, Node ${process.versions.node}, ${tools.version}`);

  const rssBefore = maxRss();
  started = performance.now();
  const peaks = await computePeaks(tools, wav, { peaksPerSecond });
  const computeMs = performance.now() - started;
  const rssAfter = maxRss();
  console.log(`computePeaks: ${seconds(computeMs)} wall (${((duration * 1000) / computeMs).toFixed(0)}× real time), ${peaks.sampleCount} samples → ${peaks.max.length} buckets at ${peaksPerSecond}/s`);
  console.log(`peaks in memory: ${mib(peaks.min.byteLength + peaks.max.byteLength)} (min + max Float32Array)`);
  console.log(`peak RSS of this process: ${mib(rssBefore)} before, ${mib(rssAfter)} after computePeaks`);

  const cache = new PeaksCache(tools, path.join(dir, 'cache'));
  started = performance.now();
  await cache.get(wav, { peaksPerSecond });
  const coldMs = performance.now() - started;
  started = performance.now();
  await cache.get(wav, { peaksPerSecond });
  const warmMs = performance.now() - started;
  const cacheFiles = readdirSync(path.join(dir, 'cache'));
  const cacheBytes = cacheFiles.reduce((sum, name) => sum + statSync(path.join(dir, 'cache', name)).size, 0);
  console.log(`PeaksCache: first get ${seconds(coldMs)} (compute + write), second get ${seconds(warmMs)} (read), cache file ${mib(cacheBytes)}`);
  console.log(`peak RSS of this process at the end: ${mib(maxRss())}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
