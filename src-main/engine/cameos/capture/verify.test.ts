/**
 * The capture check on recordings made here: a real face (a photo from @vladmandic/face-api's own demo folder, panned
 * like a head turning) or a test pattern, with voice-like sound (a formant synthesiser: glottal pulses through vowel
 * resonances, syllable by syllable) or silence. Real detectors, real ffmpeg.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateMediaTools } from '../../media/index.js';
import { makeTempDir, removeTempDirs } from '../../testing/fixturePack.js';
import { trpcError } from '../../testing/trpcError.js';
import { voiceWav } from '../../testing/voice.js';
import { router } from '../../trpc.js';
import { createCameoDomain, keyFileSource } from '../index.js';
import { cameosRouter } from '../router.js';
import { faceDetector } from './detectors.js';
import { chooseReferenceFrames, MIN_GAP_S, REFERENCE_MAX_SIDE, TURNED_YAW, type FrameSummary } from './references.js';
import { captureVerifier, type CaptureVerifier } from './verify.js';

const ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg';
const facePhoto = path.join(path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo', 'sample1.jpg');

let dir: string;
let verify: CaptureVerifier;

/** A 4 s recording: the face photo (panning) or a test pattern, with the given WAV as its sound. */
async function recording(name: string, picture: 'face' | 'pattern', wav: Buffer | null): Promise<string> {
  const out = path.join(dir, `${name}.mp4`);
  const video =
    picture === 'face'
      ? ['-loop', '1', '-framerate', '10', '-t', '4', '-i', facePhoto]
      : ['-f', 'lavfi', '-i', 'testsrc=duration=4:size=320x240:rate=10'];
  const audioPath = path.join(dir, `${name}.wav`);
  if (wav) await writeFile(audioPath, wav);
  const audio = wav ? ['-i', audioPath] : [];
  const filter = picture === 'face' ? ['-vf', "scale=480:-2,crop=360:300:'(in_w-360)*t/4':0"] : [];
  const made = spawnSync(ffmpeg, ['-v', 'error', '-y', ...video, ...audio, ...filter, '-t', '4', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', ...(wav ? ['-c:a', 'aac', '-shortest'] : []), out]);
  expect(made.status, made.stderr?.toString()).toBe(0);
  return out;
}

/**
 * A 6 s recording of a head facing the camera, then turned one way, then the other: three faces from face-api's demo
 * photos, 2 s each, framed 400×300 — picked because the landmark model measures them facing the camera (yaw ≈ 0.1),
 * turned to one side (≈ +0.6, a mirrored face) and to the other (≈ −0.6) — with voice throughout.
 */
async function turningRecording(name: string): Promise<string> {
  const out = path.join(dir, `${name}.mp4`);
  const audioPath = path.join(dir, `${name}.wav`);
  await writeFile(audioPath, voiceWav(6, 0.5, 5.5));
  const photo = (n: number) => ['-loop', '1', '-framerate', '10', '-t', '2', '-i', path.join(path.dirname(facePhoto), `sample${n}.jpg`)];
  const graph = [
    '[0]scale=960:-2,crop=400:300:421:78,setsar=1[front]',
    '[1]scale=960:-2,hflip,crop=400:300:503:118,setsar=1[one]',
    '[2]scale=960:-2,crop=400:300:68:18,setsar=1[other]',
    '[front][one][other]concat=n=3:v=1:a=0[v]',
  ].join(';');
  const made = spawnSync(ffmpeg, ['-v', 'error', '-y', ...photo(6), ...photo(1), ...photo(4), '-i', audioPath, '-filter_complex', graph, '-map', '[v]', '-map', '3:a', '-t', '6', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', out]);
  expect(made.status, made.stderr?.toString()).toBe(0);
  return out;
}

/** A 4 s clip of a moving test pattern (a pet or an object) whose first second is blurred beyond use. */
async function petClip(name: string): Promise<string> {
  const out = path.join(dir, `${name}.mp4`);
  const audioPath = path.join(dir, `${name}.wav`);
  await writeFile(audioPath, voiceWav(4, 0.5, 3.5));
  const made = spawnSync(ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=4:size=320x240:rate=10', '-i', audioPath, '-vf', "boxblur=20:enable='lt(t,1)'", '-t', '4', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', out]);
  expect(made.status, made.stderr?.toString()).toBe(0);
  return out;
}

/** Width, height and RGB of a PNG, decoded by ffmpeg. */
function decodePng(png: Buffer): { width: number; height: number; rgb: Uint8Array } {
  const probe = spawnSync(process.env.FFPROBE_PATH ?? 'ffprobe', ['-v', 'error', '-show_entries', 'stream=width,height,codec_name', '-of', 'csv=p=0', '-'], { input: png });
  const [codec, width, height] = probe.stdout.toString().trim().split(',') as [string, string, string];
  expect(codec).toBe('png');
  const raw = spawnSync(ffmpeg, ['-v', 'error', '-i', '-', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { input: png, maxBuffer: 64 * 1024 ** 2 });
  return { width: Number(width), height: Number(height), rgb: new Uint8Array(raw.stdout) };
}

beforeAll(async () => {
  dir = await makeTempDir('cameo-capture');
  verify = captureVerifier(() => locateMediaTools({ settingPath: '', env: process.env }));
});
afterAll(removeTempDirs);

describe('capture check', () => {
  it('accepts a face in most frames with speech while the phrase is shown, and says the words were not matched', async () => {
    const file = await recording('good', 'face', voiceWav(4, 1.5, 3.5));
    const report = await verify(file, { kind: 'person', phraseWindow: { startS: 1, endS: 4 } });
    expect(report.reasons).toEqual([]);
    expect(report.accepted).toBe(true);
    expect(report.subject.sampledFrames).toBeGreaterThanOrEqual(6);
    expect(report.subject.ratio).toBeGreaterThanOrEqual(0.6);
    expect(report.speech.secondsInWindow).toBeGreaterThan(1);
    expect(report.phrase).toBe('not_checked');
  }, 60_000);

  it('refuses a recording with no face, saying so', async () => {
    const report = await verify(await recording('noface', 'pattern', voiceWav(4, 1.5, 3.5)), { kind: 'person' });
    expect(report.accepted).toBe(false);
    expect(report.subject.framesWithFace).toBe(0);
    expect(report.reasons).toEqual([`a face was found in 0 of ${report.subject.sampledFrames} sampled frames; keep your face in the frame for most of the recording`]);
  }, 60_000);

  it('refuses a recording with no speech, or speech only outside the phrase window, or no sound at all', async () => {
    const silent = await verify(await recording('silent', 'face', voiceWav(4, 0, 0)), { kind: 'person' });
    expect(silent.accepted).toBe(false);
    expect(silent.speech.segments).toEqual([]);
    expect(silent.reasons).toEqual(['no speech was heard while the phrase was shown (0.0 s); read the phrase aloud']);

    const early = await verify(await recording('early', 'face', voiceWav(4, 0.2, 1.2)), { kind: 'person', phraseWindow: { startS: 2.5, endS: 4 } });
    expect(early.speech.segments.length).toBeGreaterThan(0);
    expect(early.reasons).toEqual([expect.stringMatching(/^no speech was heard while the phrase was shown/)]);

    const mute = await verify(await recording('mute', 'face', null), { kind: 'person' });
    expect(mute.reasons).toEqual(['the recording has no sound: read the phrase aloud with the microphone on']);
  }, 90_000);

  it('does not look for a human face in a pet\'s recording', async () => {
    const report = await verify(await recording('pet', 'pattern', voiceWav(4, 1, 3)), { kind: 'pet' });
    expect(report.subject.checked).toBe(false);
    expect(report.accepted).toBe(true);
  }, 60_000);

  it('cameos.create runs the check: a refused recording says why and nothing is stored; an accepted one keeps what was found', async () => {
    const data = path.join(dir, 'data');
    const domain = createCameoDomain({ dataDir: data, keySource: keyFileSource(path.join(data, 'key')), follows: { areMutual: async () => false }, verifyCapture: verify });
    const caller = router({ cameos: cameosRouter({ cameos: domain, identity: async () => 'maya' }) }).createCaller({ clientId: 'test' });
    await mkdir(domain.incomingDir, { recursive: true });
    await copyFile(await recording('create-noface', 'pattern', voiceWav(4, 1.5, 3.5)), path.join(domain.incomingDir, 'noface.mp4'));
    await copyFile(await recording('create-good', 'face', voiceWav(4, 1.5, 3.5)), path.join(domain.incomingDir, 'good.mp4'));
    const base = { displayName: 'Maya', handle: 'maya', kind: 'person' as const, phrase: 'purple lanterns drift over seven quiet hills' };

    const refused = await trpcError(caller.cameos.create({ ...base, recording: 'noface.mp4' }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toMatch(/^The recording was not accepted: a face was found in 0 of \d+ sampled frames; keep your face in the frame for most of the recording\.$/);
    expect(await caller.cameos.mine()).toEqual([]);

    const record = await caller.cameos.create({ ...base, recording: 'good.mp4', phraseWindow: { startS: 1, endS: 4 } });
    expect(record.consent.check).toMatchObject({ phrase: 'not_checked' });
    expect(record.consent.check!.faceRatio).toBeGreaterThanOrEqual(0.6);
    expect(record.consent.check!.speechSeconds).toBeGreaterThan(1);
    // The reference images are the engine's, taken from the recording and sealed with it; the plaintext is gone.
    expect(record.references.length).toBeGreaterThanOrEqual(3);
    expect(record.references.map((r) => r.name)).toEqual(record.references.map((_, i) => `reference-${i}.png`));
    for (const ref of record.references) {
      expect(ref.atS).toBeGreaterThanOrEqual(0);
      expect(ref.atS).toBeLessThan(4);
      const png = await domain.vault.get(record.id, ref.name);
      expect(createHash('sha256').update(png).digest('hex')).toBe(ref.sha256);
      expect(decodePng(png).width).toBeLessThanOrEqual(REFERENCE_MAX_SIDE);
    }
    expect(await readdir(domain.incomingDir)).toEqual(['noface.mp4']);
  }, 90_000);
});

describe('capture check on a browser recording', () => {
  it('reads the length of a WebM written without a duration (as MediaRecorder writes it) from its sound', async () => {
    // A live WebM (unknown-size segment, no duration) is what a browser's MediaRecorder writes.
    const wavPath = path.join(dir, 'streamed.wav');
    await writeFile(wavPath, voiceWav(4, 1.5, 3.5));
    const made = spawnSync(ffmpeg, ['-v', 'error', '-loop', '1', '-framerate', '10', '-t', '4', '-i', facePhoto, '-i', wavPath, '-vf', 'scale=360:-2', '-t', '4', '-c:v', 'libvpx', '-deadline', 'realtime', '-c:a', 'libopus', '-f', 'webm', '-live', '1', 'pipe:1'], { maxBuffer: 64 * 1024 ** 2 });
    expect(made.status, made.stderr?.toString()).toBe(0);
    const file = path.join(dir, 'streamed.webm');
    await writeFile(file, made.stdout);
    const probed = spawnSync(process.env.FFPROBE_PATH ?? 'ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
    expect(probed.stdout.toString().trim()).toBe('N/A');
    const report = await verify(file, { kind: 'person', phraseWindow: { startS: 1, endS: 4 } });
    expect(report.durationSeconds).toBeGreaterThan(3.9);
    expect(report.reasons).toEqual([]);
  }, 60_000);
});

describe('reference images taken from the recording', () => {
  it('a person: frames where the face is found well, cut around the head, the frontal one first, turned views to both sides, spread over the recording', async () => {
    const report = await verify(await turningRecording('turning'), { kind: 'person' });
    expect(report.reasons).toEqual([]);
    const refs = report.references;
    expect(refs.length).toBeGreaterThanOrEqual(3);
    expect(refs.length).toBeLessThanOrEqual(5);
    // The primary (the one generation conditions on) faces the camera and comes from the first part.
    expect(Math.abs(refs[0]!.yaw!)).toBeLessThanOrEqual(TURNED_YAW);
    expect(refs[0]!.atS).toBeLessThan(2);
    // The head turned one way (2–4 s) and the other (4–6 s) are both kept.
    expect(refs.some((r) => r.yaw! > TURNED_YAW && r.atS >= 2 && r.atS < 4)).toBe(true);
    expect(refs.some((r) => r.yaw! < -TURNED_YAW && r.atS >= 4)).toBe(true);
    const times = refs.map((r) => r.atS).sort((a, b) => a - b);
    times.slice(1).forEach((t, i) => expect(t - times[i]!).toBeGreaterThanOrEqual(MIN_GAP_S));
    const detect = await faceDetector();
    for (const ref of refs) {
      const image = decodePng(ref.data);
      expect([image.width, image.height]).toEqual([ref.width, ref.height]);
      // Square, within the 400×300 frame: a crop, not the whole picture.
      expect(image.width).toBe(image.height);
      expect(image.width).toBeLessThanOrEqual(300);
      // The subject fills it: one face, large and near the middle.
      const [face] = (await detect(image.rgb, image.width, image.height)).sort((a, b) => b.box.width - a.box.width);
      expect(face, `reference at ${ref.atS} s`).toBeDefined();
      expect((face!.box.width * face!.box.height) / (image.width * image.height)).toBeGreaterThan(0.1);
      expect(Math.abs(face!.box.x + face!.box.width / 2 - image.width / 2)).toBeLessThan(image.width * 0.2);
    }
  }, 90_000);

  it('a pet or an object from an uploaded clip: the sharp frames spread across it, whole, never the blurred part', async () => {
    const report = await verify(await petClip('pet-blur'), { kind: 'pet' });
    expect(report.reasons).toEqual([]);
    const refs = report.references;
    expect(refs.length).toBeGreaterThanOrEqual(3);
    expect(refs.every((r) => r.atS >= 1 && r.yaw === null)).toBe(true);
    expect(new Set(refs.map((r) => Math.floor(r.atS))).size).toBeGreaterThanOrEqual(3);
    for (const ref of refs) expect(decodePng(ref.data)).toMatchObject({ width: 320, height: 240 });
  }, 60_000);

  it('chooses frames: no face, no pick; the best frontal first; turned views; one per stretch of the recording; never two too close', () => {
    const frame = (atS: number, face: FrameSummary['face'], sharpness = 100): FrameSummary => ({ atS, face, sharpness });
    const frames = [
      frame(0, null),
      frame(0.5, { score: 0.9, area: 0.1, yaw: 0.05 }),
      frame(0.6, { score: 0.95, area: 0.12, yaw: 0 }),
      frame(1.5, { score: 0.8, area: 0.1, yaw: 0.6 }),
      frame(2.5, { score: 0.7, area: 0.1, yaw: -0.5 }),
      frame(3.5, { score: 0.6, area: 0.05, yaw: 0.1 }),
      frame(4.5, null),
    ];
    const chosen = chooseReferenceFrames(frames, 'person', 4);
    expect(chosen[0]).toBe(2);
    expect(chosen).toContain(3);
    expect(chosen).toContain(4);
    expect(chosen).not.toContain(0);
    expect(chosen).not.toContain(6);
    // 0.5 s is too close to the primary at 0.6 s; the last stretch's only face is taken instead.
    expect(chosen).not.toContain(1);
    expect(chosen).toEqual([2, 3, 4, 5]);
    // Without any frontal frame the best turned one leads; without faces there is nothing to take.
    expect(chooseReferenceFrames([frames[3]!, frames[4]!], 'person')[0]).toBe(0);
    expect(chooseReferenceFrames([frames[0]!, frames[6]!], 'person')).toEqual([]);
    // A pet's frames rank by sharpness; a flat (black) frame is never taken.
    const clip = [frame(0, null, 0), frame(1, null, 50), frame(2, null, 200), frame(3, null, 120)];
    expect(chooseReferenceFrames(clip, 'pet', 4)).toEqual([2, 1, 3]);
  });
});
