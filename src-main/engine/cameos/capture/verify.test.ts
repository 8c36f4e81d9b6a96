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
import { encodeWavFloat32 } from '../../audio/wav.js';
import { locateMediaTools } from '../../media/index.js';
import { makeTempDir, removeTempDirs } from '../../testing/fixturePack.js';
import { trpcError } from '../../testing/trpcError.js';
import { router } from '../../trpc.js';
import { createCameoDomain, keyFileSource } from '../index.js';
import { cameosRouter } from '../router.js';
import { captureVerifier, type CaptureVerifier } from './verify.js';

const ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg';
const facePhoto = path.join(path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo', 'sample1.jpg');

/** 16 kHz mono float WAV: `voiceFrom`…`voiceTo` seconds of voice-like sound inside `seconds` of near silence. */
function voiceWav(seconds: number, voiceFrom: number, voiceTo: number): Buffer {
  const rate = 16_000;
  const n = Math.round(seconds * rate);
  const out = new Float32Array(n);
  const vowels = [[730, 1090, 2440], [270, 2290, 3010], [300, 870, 2240], [530, 1840, 2480], [660, 1720, 2410]];
  const syllable = Math.round(0.25 * rate);
  let phase = 0;
  let seed = 7;
  const state = vowels[0]!.map(() => [0, 0]);
  for (let i = Math.round(voiceFrom * rate); i < Math.min(n, Math.round(voiceTo * rate)); i++) {
    const t = i / rate;
    phase += (120 + 20 * Math.sin(2 * Math.PI * 0.7 * t)) / rate;
    const pulse = phase % 1 < 0.05 ? 1 : 0;
    const k = Math.floor(i / syllable);
    const formants = vowels[k % vowels.length]!;
    let y = 0;
    formants.forEach((f, j) => {
      const r = Math.exp((-Math.PI * 80) / rate);
      const a1 = -2 * r * Math.cos((2 * Math.PI * f) / rate);
      const s = state[j]!;
      const v = pulse - a1 * s[0]! - r * r * s[1]!;
      s[1] = s[0]!;
      s[0] = v;
      y += v;
    });
    const within = (i % syllable) / syllable;
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    out[i] = y * Math.sqrt(Math.sin(Math.PI * within)) + 0.05 * (seed / 2 ** 31 - 0.5);
  }
  const peak = out.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-9);
  return encodeWavFloat32([out.map((v) => (v / peak) * 0.6)], rate);
}

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
