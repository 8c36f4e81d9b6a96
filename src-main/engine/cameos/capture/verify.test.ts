/**
 * The capture check on recordings made here: a real face (a photo from @vladmandic/face-api's own demo folder, panned
 * like a head turning) or a test pattern, with voice-like sound (a formant synthesiser: glottal pulses through vowel
 * resonances, syllable by syllable) or silence. Real detectors, real ffmpeg.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
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
    await copyFile(facePhoto, path.join(domain.incomingDir, 'face.jpg'));
    const base = { displayName: 'Maya', handle: 'maya', kind: 'person' as const, phrase: 'purple lanterns drift over seven quiet hills', references: ['face.jpg'] };

    const refused = await trpcError(caller.cameos.create({ ...base, recording: 'noface.mp4' }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toMatch(/^The recording was not accepted: a face was found in 0 of \d+ sampled frames; keep your face in the frame for most of the recording\.$/);
    expect(await caller.cameos.mine()).toEqual([]);

    const record = await caller.cameos.create({ ...base, recording: 'good.mp4', phraseWindow: { startS: 1, endS: 4 } });
    expect(record.consent.check).toMatchObject({ phrase: 'not_checked' });
    expect(record.consent.check!.faceRatio).toBeGreaterThanOrEqual(0.6);
    expect(record.consent.check!.speechSeconds).toBeGreaterThan(1);
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
