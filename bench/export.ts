/**
 * `npm run bench:export [-- --runs 3 --scale 2]`: the export's render step against the same edit written by hand as
 * one ffmpeg command, on the same inputs and encoder settings.
 *
 * The project is the export tests' (src-main/engine/testing/exportProject.ts) with every length × scale: a black gap,
 * take A trimmed, take B, a mono click track, 16:9 takes letterboxed into 9:16 1080×1920, the moving watermark, H.264
 * (x264 fast, CRF 18) + AAC 192k, +faststart. "Ours" is what the engine runs for the render step: open the project,
 * resolve and probe the sources, plan, build the graph (`planRender`), then ffmpeg through `renderWithFfmpeg` (progress
 * parsing, temp file, fsync, rename). "By hand" is the command a person would write for this edit. Runs alternate
 * between the two. Two ratios: of the median wall times, and of the CPU time (user + system) each side took — ffmpeg's,
 * through /usr/bin/time where it exists, plus for ours this process's own (planning, progress parsing). On a shared
 * machine the wall times swing with other load; CPU time barely does. Then one full export (render + invisible
 * watermark + C2PA) shows what provenance adds on top.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exportOptionsSchema } from '../src-shared/export.js';
import { DEFAULT_WATERMARK_PNG, ExportService, planRender, watermarkOverlay } from '../src-main/engine/export/index.js';
import { locateMediaTools, probeMedia, renderWithFfmpeg, type MediaTools } from '../src-main/engine/media/index.js';
import { FileSettingsStore } from '../src-main/engine/settings/fileStore.js';
import { makeExportTestProject, type ExportTestProject } from '../src-main/engine/testing/exportProject.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, scale: { type: 'string', default: '2' } } });
const runs = Number(values.runs);
const scale = Number(values.scale);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(scale) || scale < 1) throw new Error('usage: --runs N (≥ 1) --scale N (integer ≥ 1)');

const W = 1080;
const H = 1920;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The same edit as a person would write it: one input per take, trim + fit + concat, overlay, the click delayed. */
function handWrittenArgs(project: ExportTestProject, k: number, out: string): string[] {
  const fit = `scale=${W}:${H}:force_original_aspect_ratio=decrease,pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2,setsar=1`;
  const mark = watermarkOverlay(W, H);
  const frameSamples = 48_000 / project.fps;
  return [
    '-hide_banner', '-nostdin', '-v', 'error', '-y',
    '-i', project.takePaths.a, '-i', project.takePaths.b, '-i', DEFAULT_WATERMARK_PNG, '-i', path.join(project.dir, 'assets', 'click.wav'),
    '-filter_complex', [
      `color=c=black:s=${W}x${H}:r=${project.fps}:d=${(6 * k) / project.fps}[gap]`,
      `[0:v]trim=start_frame=${4 * k}:end_frame=${34 * k},setpts=PTS-STARTPTS,${fit}[a]`,
      `[1:v]trim=end_frame=${18 * k},setpts=PTS-STARTPTS,${fit}[b]`,
      '[gap][a][b]concat=n=3:v=1:a=0[cut]',
      `[2:v]scale=${mark.markWidth}:-2[mark]`,
      `[cut][mark]overlay=x=${mark.x}:y=${mark.y},format=yuv420p[v]`,
      `[3:a]atrim=start_sample=${2 * k * frameSamples}:end_sample=${42 * k * frameSamples},asetpts=PTS-STARTPTS,pan=stereo|c0=c0|c1=c0,` +
        `adelay=${12 * k * frameSamples}S:all=1,apad=whole_len=${project.totalFrames * frameSamples}[aout]`,
    ].join(';'),
    '-map', '[v]', '-map', '[aout]',
    '-c:v', 'libx264', '-preset', 'fast', '-crf', '18', '-profile:v', 'high', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '192k', '-ar', '48000', '-ac', '2', '-movflags', '+faststart', out,
  ];
}

function runFfmpeg(tools: MediaTools, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tools.ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`hand-written ffmpeg failed: ${stderr.trim()}`))));
  });
}

/** ffmpeg behind /usr/bin/time, appending "user system" seconds of each run to `log` (the real ffmpeg where time is missing). */
function timedFfmpeg(tools: MediaTools, dir: string, name: string): { tools: MediaTools; cpuSeconds: () => number | null } {
  const log = path.join(dir, `${name}.cpu`);
  if (!existsSync('/usr/bin/time')) return { tools, cpuSeconds: () => null };
  const script = path.join(dir, `${name}-ffmpeg.sh`);
  writeFileSync(script, `#!/bin/sh\nexec /usr/bin/time -a -o '${log}' -f '%U %S' '${tools.ffmpeg}' "$@"\n`);
  chmodSync(script, 0o755);
  let seen = 0;
  return {
    tools: { ...tools, ffmpeg: script },
    cpuSeconds: () => {
      const lines = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter((l) => /^[\d.]+ [\d.]+$/.test(l)) : [];
      const fresh = lines.slice(seen);
      seen = lines.length;
      return fresh.reduce((sum, line) => sum + line.split(' ').reduce((a, b) => a + Number(b), 0), 0);
    },
  };
}

const tools = await locateMediaTools({ env: process.env });
const dir = mkdtempSync(path.join(os.tmpdir(), 'scenecast-bench-export-'));
try {
  const project = await makeExportTestProject({ tools, parentDir: path.join(dir, 'projects'), width: 512, height: 288, scale });
  const options = exportOptionsSchema.parse({ preset: '9:16' });
  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.availableParallelism()}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${tools.version}`);
  console.log(`edit: ${project.totalFrames} frames at ${project.fps} fps (${(project.totalFrames / project.fps).toFixed(2)} s), 512×288 takes → ${W}×${H}, H.264 x264 fast CRF 18 + AAC`);

  const ours: number[] = [];
  const hand: number[] = [];
  const oursCpu: number[] = [];
  const ownCpuSeconds: number[] = [];
  const handCpu: number[] = [];
  const oursTimed = timedFfmpeg(tools, dir, 'ours');
  const handTimed = timedFfmpeg(tools, dir, 'hand');
  const oursOut = path.join(dir, 'ours.mp4');
  const handOut = path.join(dir, 'hand.mp4');
  for (let run = 0; run < runs; run++) {
    const timeOurs = async () => {
      const started = performance.now();
      const ownCpu = process.cpuUsage();
      const { graph } = await planRender(tools, project.dir, options);
      await renderWithFfmpeg(oursTimed.tools, { args: graph.args, container: graph.container, outPath: oursOut, totalFrames: graph.totalFrames });
      ours.push((performance.now() - started) / 1000);
      const own = process.cpuUsage(ownCpu);
      const ffmpegCpu = oursTimed.cpuSeconds();
      ownCpuSeconds.push((own.user + own.system) / 1e6);
      if (ffmpegCpu !== null) oursCpu.push(ffmpegCpu + ownCpuSeconds.at(-1)!);
    };
    const timeHand = async () => {
      const started = performance.now();
      await runFfmpeg(handTimed.tools, handWrittenArgs(project, scale, handOut));
      hand.push((performance.now() - started) / 1000);
      const ffmpegCpu = handTimed.cpuSeconds();
      if (ffmpegCpu !== null) handCpu.push(ffmpegCpu);
    };
    // Alternate which goes first, so a load spike or a warm cache does not favour one side.
    if (run % 2 === 0) await timeOurs().then(timeHand);
    else await timeHand().then(timeOurs);
    const cpu = oursCpu.length ? ` (CPU ${oursCpu.at(-1)!.toFixed(2)} s, of which this process ${ownCpuSeconds.at(-1)!.toFixed(2)} s / ${handCpu.at(-1)!.toFixed(2)} s)` : '';
    console.log(`run ${run + 1}: ours ${ours.at(-1)!.toFixed(2)} s, by hand ${hand.at(-1)!.toFixed(2)} s${cpu}`);
  }
  const [a, b] = await Promise.all([probeMedia(tools, oursOut, { countFrames: true }), probeMedia(tools, handOut, { countFrames: true })]);
  console.log(`outputs: ours ${a.video?.frameCount} frames ${a.durationSeconds?.toFixed(3)} s, by hand ${b.video?.frameCount} frames ${b.durationSeconds?.toFixed(3)} s`);
  const ratio = median(ours) / median(hand);
  console.log(`render wall: ours median ${median(ours).toFixed(2)} s, by hand median ${median(hand).toFixed(2)} s → ratio ${ratio.toFixed(3)} (target ≤ 1.05)`);
  if (oursCpu.length) {
    const cpuRatio = median(oursCpu) / median(handCpu);
    console.log(`render CPU: ours median ${median(oursCpu).toFixed(2)} s, by hand median ${median(handCpu).toFixed(2)} s → ratio ${cpuRatio.toFixed(3)} (target ≤ 1.05)`);
  }

  const settings = new FileSettingsStore(path.join(dir, 'data', 'settings.json'));
  const service = new ExportService({ dataDir: path.join(dir, 'data'), appVersion: 'bench', mediaTools: async () => tools, settings, mediaUrl: (p) => p });
  const stages = new Map<string, number>();
  let stage = '';
  let since = performance.now();
  service.subscribe((job) => {
    const next = job.state === 'running' ? job.stage : job.state;
    if (next === stage) return;
    if (stage) stages.set(stage, (stages.get(stage) ?? 0) + (performance.now() - since) / 1000);
    stage = next;
    since = performance.now();
  });
  const job = await service.start({ projectDir: project.dir, outPath: path.join(dir, 'full.mp4'), options, destination: 'file', sidecars: true });
  const end = await service.wait(job.id);
  if (end.state !== 'complete') throw new Error(`the full export ended ${end.state}${end.state === 'error' ? `: ${end.message}` : ''}`);
  console.log(`full export: ${end.seconds.toFixed(2)} s — ${[...stages].map(([s, t]) => `${s} ${t.toFixed(2)} s`).join(', ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
