/**
 * The CLI as a user runs it: a child process with real ONNX Runtime (the fixture pack) and real ffmpeg.
 */
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameMd5, locateMediaTools, probeMedia, type MediaTools } from './engine/media/index.js';
import { FIXTURE_PACK_DIR, makeTempDir, removeTempDirs } from './engine/testing/fixturePack.js';
import { runScript, type ScriptResult } from './engine/testing/runScript.js';


type CliResult = ScriptResult;

function runCli(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  return runScript('src-main/cli.ts', args, env as NodeJS.ProcessEnv);
}

/** A failure the way the CLI promises it: one line on stderr, no stack trace. */
function expectOneCleanLine(result: CliResult): string {
  expect(result.code).not.toBe(0);
  const lines = result.stderr.split('\n').filter((l) => l.trim());
  expect(lines, result.stderr).toHaveLength(1);
  expect(result.stderr).not.toContain('    at ');
  expect(lines[0]).toMatch(/^scenecast: /);
  return lines[0]!;
}

let dir: string;
let tools: MediaTools;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  dir = await makeTempDir('cli');
  tools = await locateMediaTools({ env: process.env });
  env = { ...process.env, SCENECAST_DATA_DIR: path.join(dir, 'data') };
});
afterAll(removeTempDirs);

const generate = (out: string, seed: number, extra: string[] = []) =>
  runCli(['--prompt', 'a red ball bouncing', '--seconds', '2', '--seed', String(seed), '--model', FIXTURE_PACK_DIR, '--out', out, ...extra], env);

describe('npm run generate', () => {
  it('writes an H.264 MP4 with the pack frame count, the same frames for the same seed, other frames for another', async () => {
    const first = path.join(dir, 'first.mp4');
    const again = path.join(dir, 'again.mp4');
    const other = path.join(dir, 'other.mp4');
    const [a, b, c] = await Promise.all([generate(first, 7), generate(again, 7), generate(other, 8)]);
    for (const r of [a, b, c]) expect(r.code, r.stderr).toBe(0);
    expect(a.stdout).toContain(first);
    expect(a.stdout).toMatch(/17 frames 64×64 @ 8 fps, seed 7/);

    const probe = await probeMedia(tools, first, { countFrames: true });
    expect(probe.video?.codec).toBe('h264');
    expect(probe.video?.pixelFormat).toBe('yuv420p');
    // 2 s at 8 fps = 16 frames, rounded up to 1 + 4k for temporal compression 4.
    expect(probe.video?.frameCount).toBe(17);

    const [ha, hb, hc] = await Promise.all([frameMd5(tools, first), frameMd5(tools, again), frameMd5(tools, other)]);
    expect(ha).toHaveLength(17);
    expect(new Set(ha).size).toBeGreaterThan(1);
    expect(hb).toEqual(ha);
    expect(hc).toHaveLength(17);
    expect(hc.filter((h, i) => h !== ha[i]).length).toBeGreaterThan(0);
  });

  it('without --prompt exits 2 with one line', async () => {
    const r = await runCli(['--seconds', '2', '--out', path.join(dir, 'never.mp4')], env);
    expect(r.code).toBe(2);
    expect(expectOneCleanLine(r)).toContain('--prompt is required');
  });

  it('with an invalid --seconds says so in one line', async () => {
    const word = await generate(path.join(dir, 'never.mp4'), 7, ['--seconds', 'abc']);
    expect(word.code).toBe(2);
    expect(expectOneCleanLine(word)).toContain("--seconds must be a number, got 'abc'");
    const negative = await generate(path.join(dir, 'never.mp4'), 7, ['--seconds=-1']);
    expect(expectOneCleanLine(negative)).toMatch(/--seconds/);
    const tooLong = await generate(path.join(dir, 'never.mp4'), 7, ['--seconds', '30']);
    expect(expectOneCleanLine(tooLong)).toMatch(/at most 4\.\d+ s/);
    expect(await readdir(dir)).not.toContain('never.mp4');
  });

  it('with an unwritable --out (its folder is a regular file) fails naming the path', async () => {
    const file = path.join(dir, 'a-file');
    await writeFile(file, 'not a folder');
    const out = path.join(file, 'x.mp4');
    const line = expectOneCleanLine(await generate(out, 7));
    expect(line).toContain(out);
    expect(line).toMatch(/not a folder/);
  });

  it('without ffmpeg anywhere fails telling how to install it or point to it', async () => {
    const bin = path.join(dir, 'bin-node-only');
    await mkdir(bin);
    await symlink(process.execPath, path.join(bin, 'node'));
    const bare = { ...env, PATH: bin, FFMPEG_PATH: path.join(dir, 'nowhere', 'ffmpeg'), FFPROBE_PATH: undefined };
    const r = await runCli(['--prompt', 'a red ball', '--model', FIXTURE_PACK_DIR, '--out', path.join(dir, 'no-ffmpeg.mp4')], bare);
    const line = expectOneCleanLine(r);
    expect(line).toMatch(/ffmpeg/);
    expect(line).toMatch(/install ffmpeg/i);
    expect(line).toMatch(/FFMPEG_PATH/);
    expect(await readdir(dir)).not.toContain('no-ffmpeg.mp4');
  });
});
