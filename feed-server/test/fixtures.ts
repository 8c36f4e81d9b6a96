import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Small test videos made with ffmpeg at test time (never committed). */
export interface VideoFixtures {
  dir: string;
  /** 2 s, 160x120, H.264, moov first. */
  ok: string;
  /** 62 s H.264: over the 60 s limit. */
  tooLong: string;
  /** 2 s MPEG-4 Part 2 in an MP4 container: not H.264. */
  notH264: string;
  /** A text file named .mp4. */
  textAsMp4: string;
  /** A PNG named .mp4. */
  pngAsMp4: string;
  /** A 64x48 PNG picture. */
  png: string;
  /** The ok video cut off at 60 %. */
  truncated: string;
}

let cached: Promise<VideoFixtures> | undefined;

async function ffmpeg(args: string[]): Promise<void> {
  await run('ffmpeg', ['-v', 'error', '-y', ...args], { timeout: 120_000 });
}

/** Bump when the recipes below change, so stale fixtures from an earlier run are not reused. */
const RECIPE_VERSION = 'v1';

function paths(dir: string): VideoFixtures {
  const f = (name: string) => path.join(dir, name);
  return {
    dir,
    ok: f('ok.mp4'),
    tooLong: f('long.mp4'),
    notH264: f('mpeg4.mp4'),
    textAsMp4: f('text.mp4'),
    pngAsMp4: f('png.mp4'),
    png: f('image.png'),
    truncated: f('truncated.mp4'),
  };
}

async function generate(dir: string): Promise<void> {
  const f = (name: string) => path.join(dir, name);
  const h264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart'];
  await Promise.all([
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc=duration=2:size=160x120:rate=15', ...h264, f('ok.mp4')]),
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc=duration=62:size=64x48:rate=5', ...h264, f('long.mp4')]),
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc=duration=2:size=160x120:rate=15', '-c:v', 'mpeg4', f('mpeg4.mp4')]),
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=64x48', '-frames:v', '1', f('image.png')]),
  ]);
  await fs.writeFile(f('text.mp4'), 'this is not a video, just text pretending\n'.repeat(20));
  await fs.copyFile(f('image.png'), f('png.mp4'));
  const ok = await fs.readFile(f('ok.mp4'));
  await fs.writeFile(f('truncated.mp4'), ok.subarray(0, Math.floor(ok.length * 0.6)));
}

/**
 * Made once per machine (each test file runs in its own process): generated into a temp folder and renamed into
 * place, so parallel test processes either reuse a complete set or make their own.
 */
export function videoFixtures(): Promise<VideoFixtures> {
  cached ??= (async () => {
    const dir = path.join(os.tmpdir(), `scenecast-feed-fixtures-${RECIPE_VERSION}`);
    const complete = await fs.stat(path.join(dir, 'truncated.mp4')).then(() => true, () => false);
    if (complete) return paths(dir);
    const work = await fs.mkdtemp(`${dir}-making-`);
    await generate(work);
    try {
      await fs.rename(work, dir);
    } catch {
      // Another process finished first: use its set, or (if the rename failed for another reason) our own.
      const theirs = await fs.stat(path.join(dir, 'truncated.mp4')).then(() => true, () => false);
      if (!theirs) return paths(work);
      await fs.rm(work, { recursive: true, force: true });
    }
    return paths(dir);
  })();
  return cached;
}
