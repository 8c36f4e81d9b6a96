/** An encoder started ahead of its job: same bytes as one started with the job, and no process or file left behind. */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processAlive, waitFor } from '../testing/processes.js';
import { MediaOutputError, MediaProcessError, createVideoEncoder, frameMd5, locateMediaTools, prestartVideoEncoder, probeMedia, type MediaTools } from './index.js';

let tools: MediaTools;
let dir: string;

beforeAll(async () => {
  tools = await locateMediaTools({ env: process.env });
  dir = await mkdtemp(path.join(tmpdir(), 'scenecast-prestart-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function frame(width: number, height: number, index: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    rgb[p * 3] = (p + index * 9) & 255;
    rgb[p * 3 + 1] = (p >> 3) & 255;
    rgb[p * 3 + 2] = index * 20;
  }
  return rgb;
}

const waitUntilGone = (pid: number) => waitFor(() => !processAlive(pid), 2000);

const settings = { width: 48, height: 32, fps: 8, preset: 'veryfast' as const };

describe('prestartVideoEncoder', () => {
  it('gives the same file, byte for byte, as an encoder started with the job, and leaves no scratch file', async () => {
    const scratch = await mkdtemp(path.join(dir, 'scratch-'));
    const renders = await mkdtemp(path.join(dir, 'renders-'));
    const ahead = prestartVideoEncoder({ tools, ...settings }, scratch);
    expect(ahead.pid).toBeGreaterThan(0);
    expect(processAlive(ahead.pid!)).toBe(true);
    // Give ffmpeg time to start and wait on its empty pipe, as it does between jobs.
    await new Promise((r) => setTimeout(r, 300));

    const encoder = await ahead.claim(path.join(renders, 'ahead.mp4'));
    for (let i = 0; i < 10; i++) await encoder.writeFrame(frame(48, 32, i));
    const encoded = await encoder.finish();
    const plain = await createVideoEncoder({ tools, ...settings, outPath: path.join(renders, 'plain.mp4') });
    for (let i = 0; i < 10; i++) await plain.writeFrame(frame(48, 32, i));
    await plain.finish();

    expect(encoded).toMatchObject({ path: path.join(renders, 'ahead.mp4'), frameCount: 10, width: 48, height: 32, fps: 8 });
    expect((await probeMedia(tools, encoded.path, { countFrames: true })).video).toMatchObject({ codec: 'h264', frameCount: 10 });
    expect(Buffer.compare(await readFile(encoded.path), await readFile(path.join(renders, 'plain.mp4')))).toBe(0);
    expect(await frameMd5(tools, encoded.path)).toEqual(await frameMd5(tools, path.join(renders, 'plain.mp4')));
    expect(await readdir(scratch)).toEqual([]);
    expect((await readdir(renders)).sort()).toEqual(['ahead.mp4', 'plain.mp4']);
    expect(await waitUntilGone(ahead.pid!)).toBe(true);
  });

  it('matches only the settings it was started with', () => {
    const ahead = prestartVideoEncoder({ tools, ...settings }, dir);
    try {
      expect(ahead.matches({ tools, ...settings })).toBe(true);
      expect(ahead.matches({ tools, ...settings, width: 64 })).toBe(false);
      expect(ahead.matches({ tools, ...settings, fps: 24 })).toBe(false);
      expect(ahead.matches({ tools, ...settings, preset: 'medium' })).toBe(false);
      expect(ahead.matches({ tools, ...settings, crf: 28 })).toBe(false);
      expect(ahead.matches({ tools: { ffmpeg: '/elsewhere/ffmpeg' }, ...settings })).toBe(false);
    } finally {
      void ahead.dispose();
    }
  });

  it('dispose kills the waiting process and removes its scratch file; it can no longer be claimed', async () => {
    const scratch = await mkdtemp(path.join(dir, 'dispose-'));
    const ahead = prestartVideoEncoder({ tools, ...settings }, scratch);
    await new Promise((r) => setTimeout(r, 200));
    await ahead.dispose();
    await ahead.dispose();
    expect(processAlive(ahead.pid!)).toBe(false);
    expect(await readdir(scratch)).toEqual([]);
    expect(ahead.matches({ tools, ...settings })).toBe(false);
    await expect(ahead.claim(path.join(scratch, 'late.mp4'))).rejects.toThrow(/already disposed/);
  });

  it('a claim onto a folder that cannot take the file fails clearly and stops the process', async () => {
    const file = path.join(dir, 'not-a-folder');
    await writeFile(file, '');
    const scratch = await mkdtemp(path.join(dir, 'refused-'));
    const ahead = prestartVideoEncoder({ tools, ...settings }, scratch);
    const error = await ahead.claim(path.join(file, 'clip.mp4')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaOutputError);
    expect((error as Error).message).toMatch(/not a folder/);
    expect(await waitUntilGone(ahead.pid!)).toBe(true);
    expect(await readdir(scratch)).toEqual([]);
  });

  it('a claim after ffmpeg died says so, and a failed encode removes both files', async () => {
    const scratch = await mkdtemp(path.join(dir, 'died-'));
    const renders = path.join(scratch, 'renders');
    await mkdir(renders);
    const ahead = prestartVideoEncoder({ tools, ...settings }, scratch);
    process.kill(ahead.pid!, 'SIGKILL');
    await waitUntilGone(ahead.pid!);
    const error = await ahead.claim(path.join(renders, 'clip.mp4')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaProcessError);
    expect((error as Error).message).toMatch(/SIGKILL/);
    expect(await readdir(renders)).toEqual([]);
    expect((await readdir(scratch)).filter((n) => n.includes('.partial'))).toEqual([]);
  });
});
