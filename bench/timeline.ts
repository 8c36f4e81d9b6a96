/**
 * `npm run bench:timeline [-- --clips 500 --frames 240]`: the studio's timeline under load. Builds a project with
 * 500 clips over 6 tracks, opens it in headless Chromium through web mode (the real engine and page), then scrolls
 * and zooms the timeline with real wheel events, one per animation frame, and prints:
 * - time to interactive: navigation start → the timeline shows clips and the page answers the next frame;
 * - frame time: intervals between animation frames while scrolling and zooming (p50/p95/max) and dropped frames;
 * - how many clip elements the page holds (only the visible ones are drawn);
 * - scrub latency: ruler click → the preview's video has sought to the frame under the playhead and the next frame is drawn.
 * BENCH_PROFILE=1 adds the top self-time functions of a CPU profile of the scroll run; BENCH_TRACE=1 the zoom run's
 * Chromium trace events by total time (BENCH_TRACE_CATEGORIES: other trace categories than DevTools' timeline).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { newProjectDocument, type ProjectDocument } from '../src-shared/project/index.js';
import { createEngine } from '../src-main/engine/index.js';
import { createProject, saveProject } from '../src-main/engine/projects/store.js';
import { createNodeHost } from '../src-main/engine/system/nodeHost.js';
import { startWebServer } from '../src-main/web/server.js';
import { FIXTURE_PACK_DIR } from '../src-main/engine/testing/fixturePack.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { clips: { type: 'string', default: '500' }, frames: { type: 'string', default: '240' } } });
const clipCount = Number(values.clips);
const measureFrames = Number(values.frames);

/** A project with `count` clips spread over 2 video, 1 cameo and 3 audio tracks. */
function bigProject(id: string, count: number, take: { renderPath: string; frames: number; fps: number }, tone: { path: string; seconds: number }): ProjectDocument {
  let n = 0;
  const doc = newProjectDocument({ id, name: 'Timeline bench', now: new Date().toISOString(), createId: () => `track-${++n}` });
  doc.tracks = [
    { id: 'v1', kind: 'video', name: 'Video 1', muted: false, locked: false },
    { id: 'v2', kind: 'video', name: 'Video 2', muted: false, locked: false },
    { id: 'c1', kind: 'cameo', name: 'Cameo', muted: false, locked: false },
    { id: 'a1', kind: 'audio', name: 'Audio 1', muted: false, locked: false },
    { id: 'a2', kind: 'audio', name: 'Audio 2', muted: false, locked: false },
    { id: 'a3', kind: 'audio', name: 'Audio 3', muted: false, locked: false },
  ];
  for (let s = 0; s < 20; s++) {
    doc.scenes.push({
      id: `scene-${s}`,
      prompt: `scene ${s + 1}: a bench scene`,
      negativePrompt: '',
      durationFrames: 48,
      seed: s,
      seedLocked: false,
      stylePreset: null,
      cameraPreset: null,
      takeIds: [`take-${s}`],
      activeTakeId: `take-${s}`,
    });
    doc.takes.push({
      id: `take-${s}`,
      sceneId: `scene-${s}`,
      // Every take shares one real render, so the preview has a video to seek while scrubbing.
      renderPath: take.renderPath,
      posterPath: null,
      frames: take.frames,
      fps: take.fps,
      seed: s,
      modelPack: { id: 'bench', version: '0' },
      status: 'ready',
    });
  }
  // Audio clips play one real sound file, so their waveforms are drawn from real peaks.
  doc.assets.push({ id: 'asset-tone', kind: 'audio', path: tone.path, name: 'bench tone.wav', durationSeconds: tone.seconds, sampleRate: 48_000, channels: 1 });
  const ends = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const track = doc.tracks[i % doc.tracks.length]!;
    const start = (ends.get(track.id) ?? 0) + (i % 7 === 0 ? 12 : 0);
    const durationFrames = 24 + ((i * 37) % 72);
    const isTake = track.kind !== 'audio';
    doc.clips.push({
      id: `clip-${i}`,
      trackId: track.id,
      takeId: isTake ? `take-${i % 20}` : null,
      assetId: isTake ? null : 'asset-tone',
      startFrame: start,
      durationFrames,
      sourceInFrame: 0,
      sourceOutFrame: isTake ? take.frames : durationFrames,
      ...(isTake ? {} : { audio: { gainDb: 0, fadeInFrames: 0, fadeOutFrames: 0, offsetMs: 0, muted: false } }),
    });
    ends.set(track.id, start + durationFrames);
  }
  return doc;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenecast-bench-timeline-'));
const token = 'bench-token-0123456789abcdef0123456789';
const server = await startWebServer(
  async (mediaUrl) => {
    const host = createNodeHost({ dataDir, mediaUrl });
    // The random-weight test pack renders the one real take the scrub test needs in a second or two.
    host.settings.update({ modelPack: FIXTURE_PACK_DIR, executionProvider: 'cpu' });
    return createEngine(host);
  },
  {
    staticDir: path.join(root, 'out', 'web'),
    port: 0,
    token,
  },
);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const project = await createProject(path.join(dataDir, 'projects'), 'Timeline bench');
  const job = await server.engine.queue.enqueue({ prompt: 'a bench take', seconds: 4, seed: 1, steps: 2 }, { outPath: path.join(project.dir, 'renders', 'bench.mp4') });
  const rendered = await server.engine.queue.wait(job.id);
  if (rendered.status !== 'complete') throw new Error(`the bench take did not render: ${JSON.stringify(rendered)}`);
  const take = { renderPath: 'renders/bench.mp4', frames: rendered.output.frames, fps: rendered.output.fps };
  // A 6-second tone that swells and fades, long enough for the longest audio clip (96 frames at 24 fps).
  const tone = { path: 'assets/bench-tone.wav', seconds: 6 };
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `sine=frequency=220:sample_rate=48000:duration=${tone.seconds}`,
    '-af', 'volume=eval=frame:volume=0.2+0.8*abs(sin(t*2))', '-ac', '1', path.join(project.dir, tone.path)]);
  await saveProject(project.dir, { ...bigProject(project.document.id, clipCount, take, tone), createdAt: project.document.createdAt });

  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  // tsx compiles this file with esbuild's keepNames, which wraps named functions in __name(); give the page one.
  await page.addInitScript('globalThis.__name = (fn) => fn;');
  await page.addInitScript((dir) => localStorage.setItem('scenecast.openProject', dir), project.dir);
  await page.goto(`${server.origin}/#token=${token}`);
  await page.waitForSelector('[data-clip-id]');
  const tti = await page.evaluate(
    () =>
      new Promise<number>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)))),
  );
  const totalClips = await page.evaluate(() => document.querySelectorAll('[data-clip-id]').length);
  await page.screenshot({ path: path.join(root, 'test-results', 'bench-timeline.png') });

  const run = (mode: 'idle' | 'scroll' | 'zoom') =>
    page.evaluate(
      ({ mode, frames }) =>
        new Promise<{ intervals: number[]; scripts: number[]; maxClipsInDom: number }>((resolve) => {
          const lanes = document.querySelector('.lanes')!;
          const box = lanes.getBoundingClientRect();
          const intervals: number[] = [];
          const scripts: number[] = [];
          let maxClipsInDom = 0;
          let last = 0;
          let i = 0;
          const step = (now: number) => {
            if (last) intervals.push(now - last);
            last = now;
            maxClipsInDom = Math.max(maxClipsInDom, lanes.querySelectorAll('.clip').length);
            if (i++ >= frames) return resolve({ intervals, scripts, maxClipsInDom });
            const zoomIn = Math.floor(i / 60) % 2 === 0;
            const t0 = performance.now();
            if (mode !== 'idle') lanes.dispatchEvent(
              new WheelEvent('wheel', {
                bubbles: true,
                cancelable: true,
                clientX: box.left + box.width / 2,
                clientY: box.top + 60,
                deltaY: mode === 'scroll' ? 0 : zoomIn ? -40 : 40,
                deltaX: mode === 'scroll' ? 60 : 0,
                ctrlKey: mode === 'zoom',
              }),
            );
            // React renders a store update in a microtask queued during the dispatch, so this one runs after it.
            void Promise.resolve().then(() => scripts.push(performance.now() - t0));
            requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
      { mode, frames: measureFrames },
    );

  // Scroll at the default zoom (4 px per frame, ~18 s in view); the zoom run then swings from there out to the whole
  // timeline (all 500 clips in view) and back in, every 60 frames.
  // The same loop without events: what this machine's headless Chromium does with an idle page, for comparison.
  const idle = await run('idle');
  const cdp = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const scroll = await run('scroll');
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    const self = new Map<string, number>();
    const dt = profile.timeDeltas ?? [];
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    (profile.samples ?? []).forEach((id, i) => {
      const n = byId.get(id)!;
      const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
      self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
    });
    console.log([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1000).toFixed(0)} ms ${k}`).join('\n'));
  }
  // BENCH_TRACE=1: where the zoom run's frames go, from Chromium's own trace (style, layout, paint, raster, script).
  const tracing = process.env.BENCH_TRACE ? await page.context().newCDPSession(page) : null;
  const traceEvents: { name: string; ph: string; dur?: number; tid: number }[] = [];
  if (tracing) {
    tracing.on('Tracing.dataCollected', (e) => traceEvents.push(...(e.value as unknown as typeof traceEvents)));
    await tracing.send('Tracing.start', { categories: process.env.BENCH_TRACE_CATEGORIES ?? 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  }
  const zoom = await run('zoom');
  if (tracing) {
    const finished = new Promise((resolve) => tracing.once('Tracing.tracingComplete', resolve));
    await tracing.send('Tracing.end');
    await finished;
    const byName = new Map<string, { ms: number; count: number }>();
    for (const e of traceEvents) {
      if (e.ph !== 'X' || !e.dur) continue;
      const entry = byName.get(e.name) ?? { ms: 0, count: 0 };
      entry.ms += e.dur / 1000;
      entry.count += 1;
      byName.set(e.name, entry);
    }
    console.log('zoom run, trace events by total time:');
    console.log([...byName.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20).map(([k, v]) => `  ${v.ms.toFixed(0).padStart(6)} ms  ${String(v.count).padStart(5)}×  ${k}`).join('\n'));
  }

  // A zoom gesture draws lanes as canvases; 200 ms after its last step the clips come back as elements. The longest
  // frame in the second after the zoom run is what that costs.
  const settle = await page.evaluate(
    () =>
      new Promise<{ longest: number; overviews: number; clips: number }>((resolve) => {
        const start = performance.now();
        let last = start;
        let longest = 0;
        const step = (now: number) => {
          longest = Math.max(longest, now - last);
          last = now;
          if (now - start < 1000) return requestAnimationFrame(step);
          resolve({ longest, overviews: document.querySelectorAll('.lane-overview').length, clips: document.querySelectorAll('.lanes .clip').length });
        };
        requestAnimationFrame(step);
      }),
  );

  // Scrubbing: click the ruler at 20 places; time from the pointer press to the first animation frame after the preview's
  // video has sought to the frame under the playhead.
  await page.getByRole('button', { name: 'Zoom to fit' }).click();
  const ruler = (await page.locator('.ruler').boundingBox())!;
  const scrubs: number[] = [];
  for (let k = 0; k < 20; k++) {
    const x = ruler.x + 20 + ((k * 7919) % Math.max(1, Math.floor(ruler.width - 40)));
    await page.evaluate(() => {
      const w = window as unknown as { scrub: Promise<number> };
      w.scrub = new Promise<number>((resolve) => {
        const lanes = document.querySelector('.lanes')!;
        lanes.addEventListener(
          'pointerdown',
          (e) => {
            const t0 = e.timeStamp;
            const video = document.querySelector<HTMLVideoElement>('video[aria-label="Preview video"]');
            if (!video) return resolve(-1);
            // requestVideoFrameCallback does not fire reliably for a paused video in headless software rendering; the
            // next animation frame after 'seeked' is when the sought frame is composited.
            video.addEventListener('seeked', () => requestAnimationFrame((now) => resolve(now - t0)), { once: true });
            // No seek within a second: the playhead landed on the frame already shown (or on a gap).
            setTimeout(() => resolve(-1), 1000);
          },
          { once: true, capture: true },
        );
      });
    });
    await page.mouse.click(x, ruler.y + ruler.height / 2);
    const ms = await page.evaluate(() => Promise.race([(window as unknown as { scrub: Promise<number> }).scrub, new Promise<number>((r) => setTimeout(() => r(-1), 1500))]));
    if (ms >= 0) scrubs.push(ms);
  }

  const report = (label: string, r: { intervals: number[]; scripts: number[]; maxClipsInDom: number }) => {
    const sorted = [...r.intervals].sort((a, b) => a - b);
    const script = [...r.scripts].sort((a, b) => a - b);
    const dropped = r.intervals.filter((d) => d > 1.5 * (1000 / 60)).length;
    console.log(
      `${label.padEnd(6)} frames ${sorted.length}: p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, ` +
        `max ${sorted[sorted.length - 1]!.toFixed(1)} ms, over 25 ms: ${dropped}; script+React per event p50 ${percentile(script, 50).toFixed(1)} ms, ` +
        `p95 ${percentile(script, 95).toFixed(1)} ms; clip elements in the page ≤ ${r.maxClipsInDom} of ${clipCount}`,
    );
    return percentile(sorted, 95);
  };
  console.log(`timeline bench: ${clipCount} clips on 6 tracks, headless Chromium ${browser.version()} (software rendering), viewport 1600×900`);
  console.log(`time to interactive: ${tti.toFixed(0)} ms (navigation → project open, clips drawn, next frame answered); ${totalClips} clip elements drawn`);
  report('idle', idle);
  const p95 = Math.max(report('scroll', scroll), report('zoom', zoom));
  console.log(`p95 frame time ${p95.toFixed(1)} ms (target ≤ 16.7 ms at 60 Hz)`);
  console.log(
    `the second after the zoom stops (lanes leave the zoom's overview): longest frame ${settle.longest.toFixed(1)} ms; then ` +
      `${settle.clips} clip elements, ${settle.overviews} of 6 lanes an overview at that zoom`,
  );
  const scrubSorted = [...scrubs].sort((a, b) => a - b);
  console.log(
    scrubSorted.length === 0
      ? 'scrub: the preview showed no frame after seeking'
      : `scrub → frame shown: ${scrubSorted.length} of 20 scrubs seeked, p50 ${percentile(scrubSorted, 50).toFixed(0)} ms, p95 ${percentile(scrubSorted, 95).toFixed(0)} ms, max ${scrubSorted[scrubSorted.length - 1]!.toFixed(0)} ms (target ≤ 100 ms)`,
  );
} finally {
  await browser.close();
  await server.close();
  await server.engine.dispose();
  rmSync(dataDir, { recursive: true, force: true });
}
