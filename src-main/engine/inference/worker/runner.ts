import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { rename, rm, writeFile } from 'node:fs/promises';
import { encodeWavFloat32 } from '../../audio/wav.js';
import { MediaProcessError, addAudioTrack, reserveTempFile, type VideoEncoder, type VideoEncoderSettings } from '../../media/index.js';
import { ModelPackError } from '../pack/errors.js';
import { openModelPack, type LoadedPack } from '../pack/open.js';
import { runTextToVideo } from '../pipeline/textToVideo.js';
import { EncoderStandby, sweepStaleScratchDirs } from './encoderStandby.js';
import { soundPathFor, type FromWorker, type ToWorker, type WorkerJob } from './protocol.js';
import type { ParentPort } from './port.js';

class JobCancelled extends Error {}

export function runWorker(port: ParentPort): void {
  const send = (m: FromWorker) => port.post(m);
  const cancelled = new Set<string>();
  let cachedPack: { key: string; pack: LoadedPack } | null = null;
  let chain = Promise.resolve();
  const standby = new EncoderStandby();
  // SCENECAST_ENCODER_AHEAD=0 starts every encoder with its job, as before the standby: for comparing (bench:pipeline).
  const encoderAhead = process.env.SCENECAST_ENCODER_AHEAD !== '0';
  process.once('exit', () => standby.killNow());
  const stop = () => void standby.dispose().finally(() => process.exit(0));
  // Forked by an engine that has gone away: nothing will ask for frames again, so stop instead of lingering.
  if (process.send) process.once('disconnect', stop);
  process.once('SIGTERM', stop);
  // Tidying only: a folder that cannot be read or removed now is tried again by the next worker.
  sweepStaleScratchDirs().catch(() => undefined);

  port.onMessage((raw) => {
    const message = raw as ToWorker;
    if (message.type === 'cancel') cancelled.add(message.jobId);
    else if (message.type === 'shutdown') stop();
    else if (message.type === 'crash-for-test') process.abort();
    else if (message.type === 'generate') chain = chain.then(() => runJob(message.job));
  });
  send({ type: 'ready', pid: process.pid });

  async function loadPack(job: WorkerJob): Promise<{ pack: LoadedPack; loadMs: number; cached: boolean }> {
    const key = JSON.stringify([job.packDir, job.executionProvider, job.cpuThreads]);
    if (cachedPack?.key === key) return { pack: cachedPack.pack, loadMs: 0, cached: true };
    if (cachedPack) await Promise.all(Object.values(cachedPack.pack.sessions).map((s) => s.release()));
    cachedPack = null;
    const start = performance.now();
    const pack = await openModelPack(job.packDir, { executionProvider: job.executionProvider, cpuThreads: job.cpuThreads });
    cachedPack = { key, pack };
    return { pack, loadMs: performance.now() - start, cached: false };
  }

  async function runJob(job: WorkerJob): Promise<void> {
    const { jobId } = job;
    const started = performance.now();
    let encoderReady: Promise<VideoEncoder> | null = null;
    const checkpoint = async () => {
      await yieldToEventLoop();
      if (cancelled.has(jobId)) throw new JobCancelled();
    };
    try {
      await checkpoint();
      send({ type: 'progress', jobId, phase: 'load', step: 0, steps: 1 });
      const { pack, loadMs, cached } = await loadPack(job);
      send({
        type: 'loaded',
        jobId,
        executionProvider: pack.executionProvider,
        skippedProviders: pack.skippedProviders,
        loadMs,
        cached,
      });
      const encoding: VideoEncoderSettings = {
        tools: { ffmpeg: job.ffmpegPath },
        width: job.width,
        height: job.height,
        fps: pack.manifest.video.fps,
        // Takes are short and small: veryfast halves the encode tail at about the same file size as medium.
        preset: 'veryfast',
      };
      // The encoder started ahead after the last job when the settings match; else ffmpeg starts now, so its start-up
      // at least overlaps sampling.
      encoderReady = standby.take(encoding, job.outPath).then((taken) => taken.encoder);
      encoderReady.catch(() => undefined);
      const pipelineStart = performance.now();
      const result = await runTextToVideo(pack, job, {
        onProgress: (phase, step, steps) => send({ type: 'progress', jobId, phase, step, steps }),
        checkpoint,
      });
      const pipelineMs = performance.now() - pipelineStart;
      const encoder = await encoderReady;
      const encodeStart = performance.now();
      send({ type: 'progress', jobId, phase: 'encode', step: 0, steps: result.frames.length });
      for (const frame of result.frames) await encoder.writeFrame(frame);
      const video = await encoder.finish();
      encoderReady = null;
      const audioPath = result.audio ? await addSound(job, video.path, result.audio) : null;
      const encodeMs = performance.now() - encodeStart;
      send({
        type: 'done',
        jobId,
        output: {
          path: video.path,
          frames: video.frameCount,
          width: video.width,
          height: video.height,
          fps: video.fps,
          ...(audioPath && result.audio ? { audio: { path: audioPath, sampleRate: result.audio.sampleRate } } : {}),
        },
        timings: { wallMs: performance.now() - started, loadMs, ortMs: result.ortMs, pipelineMs, encodeMs },
        unknownWords: result.unknownWords,
      });
      // Idle now: start the next job's encoder (jobs in a row usually share their size), off the next job's clock. Not
      // awaited, so a queued job is not held up: it takes this encoder as soon as it is spawned. Only an unusable
      // scratch folder fails here; the next job then starts its own encoder and reports any problem.
      if (encoderAhead) standby.prepare(encoding).catch(() => undefined);
    } catch (err) {
      if (encoderReady) await encoderReady.then((e) => e.abort()).catch(() => undefined);
      if (err instanceof JobCancelled) send({ type: 'cancelled', jobId });
      else send({ type: 'failed', jobId, message: describe(err), kind: classify(err) });
    } finally {
      cancelled.delete(jobId);
    }
  }
}

/**
 * The pack's sound for the clip: kept beside the video as a lossless WAV (the timeline's linked audio clip reads it)
 * and muxed into the MP4 as AAC so the file plays with sound anywhere.
 */
async function addSound(job: WorkerJob, videoPath: string, audio: { samples: Float32Array; sampleRate: number }): Promise<string> {
  const wavPath = soundPathFor(videoPath);
  const temp = await reserveTempFile(wavPath, 'the clip\'s sound');
  try {
    await writeFile(temp, encodeWavFloat32([audio.samples], audio.sampleRate));
    await rename(temp, wavPath);
    await addAudioTrack({ ffmpeg: job.ffmpegPath }, { videoPath, audioPath: wavPath });
  } catch (error) {
    await rm(temp, { force: true });
    await rm(wavPath, { force: true });
    throw error;
  }
  return wavPath;
}

/** One line for the user; for an ffmpeg failure, with ffmpeg's own last word on why. */
function describe(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const first = text.split('\n').find((l) => l.trim())?.trim() ?? 'unknown error';
  const tail = err instanceof MediaProcessError ? err.stderrTail.split('\n').filter((l) => l.trim()).at(-1)?.trim() : undefined;
  return tail ? `${first} (ffmpeg: ${tail})` : first;
}

function classify(err: unknown): 'pack' | 'media' | 'input' | 'internal' {
  if (err instanceof ModelPackError) return 'pack';
  const name = err instanceof Error ? err.name : '';
  if (/^Media/.test(name)) return 'media';
  if (err instanceof RangeError) return 'input';
  return 'internal';
}
