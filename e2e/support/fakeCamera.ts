/**
 * A fake camera and microphone for Chromium: files the test makes, which Chromium plays (looping) as the webcam and the
 * microphone (`--use-file-for-fake-video-capture` / `--use-file-for-fake-audio-capture`). The face is a real photo
 * from @vladmandic/face-api's demo folder, panned slowly like a turning head; "no subject" is ffmpeg's test pattern.
 * The voice is the capture test's formant synthesiser, which Silero VAD hears as speech; "no speech" is silence.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { encodeWavFloat32 } from '../../src-main/engine/audio/wav.js';
import { voiceSamples } from '../../src-main/engine/testing/voice.js';

const ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg';
export const FACE_PHOTO = path.join(path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo', 'sample1.jpg');

function run(args: string[]): void {
  const made = spawnSync(ffmpeg, ['-v', 'error', '-y', ...args]);
  if (made.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${made.stderr?.toString()}`);
}

/** 8 s of Y4M at 15 fps, 480×360: the face photo panned left and right, or the test pattern. */
export function fakeVideo(dir: string, picture: 'face' | 'pattern'): string {
  const out = path.join(dir, `${picture}.y4m`);
  const input = picture === 'face' ? ['-loop', '1', '-framerate', '15', '-t', '8', '-i', FACE_PHOTO] : ['-f', 'lavfi', '-i', 'testsrc=duration=8:size=480x360:rate=15'];
  const filter = picture === 'face' ? ['-vf', "scale=640:-2,crop=480:360:'(in_w-480)*(0.5+0.5*sin(t*1.2))':'(in_h-360)/2'"] : [];
  run([...input, ...filter, '-t', '8', '-pix_fmt', 'yuv420p', out]);
  return out;
}

/** 8 s of 48 kHz 16-bit mono WAV: voice-like sound throughout, or silence. */
export function fakeAudio(dir: string, sound: 'voice' | 'silence'): string {
  const float = path.join(dir, `${sound}-float.wav`);
  const samples = sound === 'voice' ? voiceSamples(8, 0, 8) : new Float32Array(8 * 16_000);
  writeFileSync(float, encodeWavFloat32([samples], 16_000));
  const out = path.join(dir, `${sound}.wav`);
  run(['-i', float, '-ar', '48000', '-ac', '1', '-c:a', 'pcm_s16le', out]);
  return out;
}

/** Debian's Chromium with the fake devices above, permission prompts answered yes. */
export function launchWithCamera(video: string, audio: string): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
      `--use-file-for-fake-audio-capture=${audio}`,
    ],
  });
}

/** A WebM clip of `seconds` (a moving test pattern, as a pet or object would be filmed) with the voice reading over it. */
export function fakeClip(dir: string, seconds: number): string {
  const voice = path.join(dir, `clip-voice-${seconds}.wav`);
  writeFileSync(voice, encodeWavFloat32([voiceSamples(seconds, 0, seconds)], 16_000));
  const out = path.join(dir, `pet-${seconds}s.webm`);
  run(['-f', 'lavfi', '-i', `testsrc=duration=${seconds}:size=320x240:rate=15`, '-i', voice, '-t', String(seconds), '-c:v', 'libvpx', '-deadline', 'realtime', '-c:a', 'libopus', out]);
  return out;
}
