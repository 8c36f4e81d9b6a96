/**
 * The export end to end with real ffmpeg: the CLI renders a project with a flash frame and a click track to 9:16, and
 * the file is checked the way a viewer's tools would see it (ffprobe, the decoded picture and sound, `verify`).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportOptionsSchema } from '../../../src-shared/export.js';
import { CameoLibrary, CameoVault, keyFileSource } from '../cameos/index.js';
import { decodeAudioMono, decodeVideoLuma, locateMediaTools, probeMedia, type MediaTools } from '../media/index.js';
import { runTool } from '../media/process.js';
import { verifyVideo } from '../provenance/index.js';
import { FileSettingsStore } from '../settings/fileStore.js';
import { makeExportTestProject, type ExportTestProject } from '../testing/exportProject.js';
import { runScript } from '../testing/runScript.js';
import { ExportService } from './service.js';

const CONSENT = 'a'.repeat(64);

const runCli = (args: string[], dataDir: string) => runScript('src-main/exportCli.ts', args, { ...process.env, SCENECAST_DATA_DIR: dataDir });

describe('export', () => {
  let tools: MediaTools;
  let tmp: string;
  let dataDir: string;
  let project: ExportTestProject;

  beforeAll(async () => {
    tools = await locateMediaTools({ env: process.env });
    tmp = await mkdtemp(path.join(os.tmpdir(), 'scenecast-export-'));
    dataDir = path.join(tmp, 'data');
    project = await makeExportTestProject({ tools, parentDir: path.join(tmp, 'projects') });
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('npm run export renders 9:16 H.264/AAC of the timeline’s length, with the click on the flash frame, signed and marked', async () => {
    const out = path.join(tmp, 'film.mp4');
    const result = await runCli(['--project', project.dir, '--preset', '9:16', '--out', out, '--cameo', `cam-1:ada:sha256:${CONSENT}`], dataDir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1080×1920');

    const probe = await probeMedia(tools, out, { countFrames: true });
    expect(probe.video).toMatchObject({ codec: 'h264', width: 1080, height: 1920, pixelFormat: 'yuv420p', fps: 24, frameCount: project.totalFrames });
    expect(probe.audio).toMatchObject({ codec: 'aac', sampleRate: 48_000, channels: 2 });
    const seconds = project.totalFrames / project.fps;
    expect(Math.abs(probe.durationSeconds! - seconds)).toBeLessThanOrEqual(1 / project.fps);

    // The brightest frame is the flash, where the timeline put it.
    const brightness: number[] = [];
    await decodeVideoLuma(tools, out, { width: 27, height: 48 }, (luma) => brightness.push(luma.reduce((s, v) => s + v, 0) / luma.length));
    expect(brightness).toHaveLength(project.totalFrames);
    expect(brightness.indexOf(Math.max(...brightness))).toBe(project.flashFrame);
    // The letterboxed picture starts after a black gap.
    expect(Math.max(...brightness.slice(0, project.cuts[0]))).toBeLessThan(25);

    // The click sounds at the flash frame's time (within a millisecond or two of AAC's resampling).
    const { samples } = await decodeAudioMono(tools, out, { sampleRate: 48_000 });
    let peak = 0;
    for (let i = 1; i < samples.length; i++) if (Math.abs(samples[i]!) > Math.abs(samples[peak]!)) peak = i;
    const clickSeconds = peak / 48_000;
    const flashSeconds = project.flashFrame / project.fps;
    expect(clickSeconds).toBeGreaterThanOrEqual(flashSeconds - 0.002);
    expect(clickSeconds).toBeLessThan(flashSeconds + 0.006);

    const report = await verifyVideo(tools, out);
    expect(report.c2pa).toMatchObject({ status: 'valid', manifest: { createdByAi: true, pack: { name: 'scenecast-test', version: '1.0.0' }, cameos: [{ id: 'cam-1', ownerHandle: 'ada', consentHash: CONSENT }] } });
    if (report.c2pa.status !== 'valid') throw new Error('unreachable');
    expect(report.c2pa.manifest.generator).toMatch(/^Scenecast \d/);
    expect(report.c2pa.manifest.actions.map((a) => a.action)).toEqual(['c2pa.created', 'c2pa.edited']);
    expect(report.c2pa.manifest.ingredients.map((i) => i.title).sort()).toEqual(['take-a (take-a.mp4)', 'take-b (take-b.mp4)']);
    expect(report.watermark).toMatchObject({ found: true });
    const exportId = /watermark export id ([0-9a-f]{6})/.exec(result.stdout)?.[1];
    expect('payload' in report.watermark && report.watermark.payload?.exportId.toString(16).padStart(6, '0')).toBe(exportId);

    // Re-encoded by someone else (x264 at its default CRF 23, no audio, metadata dropped): the manifest is gone, the
    // invisible mark is still there and names this export. (This check used to fail in about half of the runs: a
    // rounding error in the detector's box filter turned one pixel's weight into NaN and erased the whole clip's mark;
    // detectRounding.test.ts holds the fix.)
    const copy = path.join(tmp, 'reencoded.mp4');
    await runTool(tools.ffmpeg, ['-v', 'error', '-y', '-i', out, '-an', '-map_metadata', '-1', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', copy], 're-encoding');
    const copied = await verifyVideo(tools, copy);
    expect(copied.c2pa).toEqual({ status: 'absent' });
    expect(copied.watermark).toMatchObject({ found: true, payload: { exportId: parseInt(exportId!, 16) } });

    // A clean clip (a take, never exported) carries neither.
    const clean = await verifyVideo(tools, project.takePaths.a);
    expect(clean.c2pa).toEqual({ status: 'absent' });
    expect(clean.watermark).toMatchObject({ found: false });

    const srt = await readFile(path.join(tmp, 'film.srt'), 'utf8');
    expect(srt).toContain('00:00:00,917 --> 00:00:02,250\nFlash & click');
    const fcpxml = await readFile(path.join(tmp, 'film.fcpxml'), 'utf8');
    expect(fcpxml).toContain('<asset-clip ref="r2" name="take-a.mp4" offset="6/24s" start="4/24s" duration="30/24s"');
  }, 480_000);

  it('the CLI says what is wrong: 2 for usage mistakes, 1 when the export fails', async () => {
    const usage = await runCli(['--project', project.dir, '--preset', '4:3', '--out', path.join(tmp, 'x.mp4')], dataDir);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--preset: /);
    const wrongExtension = await runCli(['--project', project.dir, '--preset', '1:1', '--format', 'h264', '--out', path.join(tmp, 'x.mov')], dataDir);
    expect(wrongExtension.code).toBe(2);
    expect(wrongExtension.stderr).toMatch(/--out must name a \.mp4 file/);
    const noProject = await runCli(['--project', tmp, '--preset', '1:1', '--out', path.join(tmp, 'x.mp4')], dataDir);
    expect(noProject.code).toBe(2);
    expect(noProject.stderr).toMatch(/is not a project folder/);

    const broken = await makeExportTestProject({ tools, parentDir: path.join(tmp, 'projects'), name: 'Broken' });
    await unlink(broken.takePaths.b);
    const failed = await runCli(['--project', broken.dir, '--preset', '1:1', '--out', path.join(tmp, 'broken.mp4')], dataDir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^scenecast export: take take-b: renders\/take-b\.mp4 cannot be read/);
    expect(await readdir(tmp)).not.toContain('broken.mp4');
  }, 120_000);

  it('npm run export refuses a take made with a cameo its owner revoked, as its data folder\'s cameo library records, and still once the cameo is deleted', async () => {
    const cameoData = path.join(tmp, 'cameo-data');
    const cameos = path.join(cameoData, 'cameos');
    const library = new CameoLibrary({ dir: cameos, vault: new CameoVault(path.join(cameos, 'media'), keyFileSource(path.join(cameos, 'key'))), follows: { areMutual: async () => false } });
    const cameo = await library.create('zoe', {
      displayName: 'Zoe',
      handle: 'zoe.beach',
      kind: 'person',
      permission: 'everyone',
      phrase: 'nine silver boats at dawn',
      recording: { data: Buffer.from('zoe recording bytes'), ext: 'webm' },
      references: [{ data: Buffer.from('reference bytes'), ext: 'png' }],
    });
    const takeA = randomUUID();
    const film = await makeExportTestProject({ tools, parentDir: path.join(tmp, 'projects'), name: 'Revoked', takeIds: { a: takeA, b: randomUUID() } });
    await library.recordUse({ cameoId: cameo.id, user: 'bob', purpose: 'generation', jobId: takeA, projectDir: film.dir });
    const out = path.join(tmp, 'revoked.mp4');

    // Nothing revoked yet, but nobody is signed in to the feed in this data folder: nobody to ask Zoe's permission for.
    const unsigned = await runCli(['--project', film.dir, '--preset', '1:1', '--out', out], cameoData);
    expect(unsigned.stderr).toBe(
      `scenecast export: Take 1 of scene 1 (${takeA}) on the timeline was made with the cameo @zoe.beach, so it may be exported only by someone @zoe shares it with. Nobody is signed in to the feed in this data folder: sign in in the studio, then export again.\n`,
    );
    expect(unsigned.code).toBe(1);
    // Bob is signed in, and Zoe has narrowed who may use her cameo without revoking anyone: still refused.
    await writeFile(path.join(cameoData, 'feed-session.json'), JSON.stringify({ server: 'embedded', handle: 'Bob', token: 'not-a-real-token' }), { mode: 0o600 });
    await library.update('zoe', cameo.id, { permission: 'people_i_approve' });
    const narrowed = await runCli(['--project', film.dir, '--preset', '1:1', '--out', out], cameoData);
    expect(narrowed.stderr).toMatch(new RegExp(`^scenecast export: Take 1 of scene 1 \\(${takeA}\\) on the timeline was made with the cameo @zoe\\.beach, which @zoe does not share with @bob now\\. Ask @zoe for access`));
    expect(narrowed.code).toBe(1);
    await library.update('zoe', cameo.id, { permission: 'everyone' });
    await library.revoke('zoe', cameo.id, 'everyone');

    const revoked = await runCli(['--project', film.dir, '--preset', '1:1', '--out', out], cameoData);
    expect(revoked.stderr).toBe(`scenecast export: Take 1 of scene 1 (${takeA}) on the timeline was made with the cameo @zoe.beach, and @zoe has revoked @bob's consent to use it. Remove it from the timeline, then export again.\n`);
    expect(revoked.code).toBe(1);
    await library.delete('zoe', cameo.id);
    const deleted = await runCli(['--project', film.dir, '--preset', '1:1', '--out', out], cameoData);
    expect(deleted.stderr).toBe(`scenecast export: Take 1 of scene 1 (${takeA}) on the timeline was made with the cameo @zoe.beach, which @zoe has deleted. Remove it from the timeline, then export again.\n`);
    expect(deleted.code).toBe(1);
    expect((await readdir(tmp)).filter((name) => name.includes('revoked'))).toEqual([]);
  }, 120_000);

  describe('the service', () => {
    let service: ExportService;
    beforeAll(() => {
      const settings = new FileSettingsStore(path.join(dataDir, 'settings.json'));
      service = new ExportService({ dataDir, appVersion: '0.0.0-test', mediaTools: async () => tools, settings, mediaUrl: (p) => `media:${p}` });
    });

    it('dissolves at a cut without changing the length, in a custom size', async () => {
      const out = path.join(tmp, 'dissolve.mp4');
      const options = exportOptionsSchema.parse({ preset: 'custom', width: 320, height: 180, crossfadeFrames: 8, c2pa: false, invisibleWatermark: false });
      const job = await service.start({ projectDir: project.dir, outPath: out, options, destination: 'file', sidecars: false });
      const end = await service.wait(job.id);
      expect(end).toMatchObject({ state: 'complete', width: 320, height: 180, frames: project.totalFrames, exportId: null, sidecars: [] });
      const probe = await probeMedia(tools, out, { countFrames: true });
      expect(probe.video).toMatchObject({ width: 320, height: 180, frameCount: project.totalFrames });
      // Across the cut from take A to take B the picture changes gradually: each of the 8 frames differs from its neighbour
      // by a fraction of the whole change, where a hard cut changes in one frame.
      const frames: Uint8Array[] = [];
      await decodeVideoLuma(tools, out, { width: 32, height: 18 }, (luma) => frames.push(Uint8Array.from(luma)));
      const diff = (a: Uint8Array, b: Uint8Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;
      const cut = project.cuts[1];
      const whole = diff(frames[cut - 1]!, frames[cut + 8]!);
      const steps = Array.from({ length: 8 }, (_, i) => diff(frames[cut + i - 1]!, frames[cut + i]!));
      expect(whole).toBeGreaterThan(4);
      expect(Math.max(...steps)).toBeLessThan(whole * 0.5);
    }, 120_000);

    it('writes HEVC in MP4 and ProRes in MOV where ffmpeg has them, signed and marked; refuses them where it does not', async () => {
      const formats = await service.formats();
      for (const [format, codec, audio] of [['hevc', 'hevc', 'aac'], ['prores', 'prores', 'pcm_s16le']] as const) {
        const out = path.join(tmp, `small-${format}${format === 'prores' ? '.mov' : '.mp4'}`);
        const options = exportOptionsSchema.parse({ preset: 'custom', width: 320, height: 180, format });
        if (!formats.find((f) => f.format === format)?.available) {
          await expect(service.start({ projectDir: project.dir, outPath: out, options, destination: 'file' })).rejects.toThrow(/this ffmpeg cannot write/);
          continue;
        }
        const end = await service.wait((await service.start({ projectDir: project.dir, outPath: out, options, destination: 'file', sidecars: false })).id);
        expect(end.state, JSON.stringify(end)).toBe('complete');
        const probe = await probeMedia(tools, out, { countFrames: true });
        expect(probe.video).toMatchObject({ codec, width: 320, height: 180, frameCount: project.totalFrames });
        expect(probe.audio?.codec).toBe(audio);
        const report = await verifyVideo(tools, out);
        expect(report.c2pa.status).toBe('valid');
        expect(report.watermark).toMatchObject({ found: true });
      }
      await expect(service.start({ projectDir: project.dir, outPath: path.join(tmp, 'wrong.mp4'), options: exportOptionsSchema.parse({ preset: '1:1', format: 'prores' }), destination: 'file' })).rejects.toThrow(
        /a prores export is a \.mov file/,
      );
    }, 180_000);

    it('refuses to drop the visible mark unless C2PA and the invisible mark stay, and writes nothing', async () => {
      const out = path.join(tmp, 'refused.mp4');
      const options = exportOptionsSchema.parse({ preset: '1:1', visibleWatermark: false, c2pa: false });
      await expect(service.start({ projectDir: project.dir, outPath: out, options, destination: 'file' })).rejects.toThrow(
        /visible watermark can only be turned off when the C2PA manifest and the invisible watermark stay on/,
      );
      const feed = exportOptionsSchema.parse({ preset: '9:16', visibleWatermark: false });
      await expect(service.start({ projectDir: project.dir, outPath: out, options: feed, destination: 'feed' })).rejects.toThrow(/feed post always carries/);
      expect(await readdir(tmp)).not.toContain('refused.mp4');
    });

    it('cancels mid-render and leaves no file, not even a partial one', async () => {
      const out = path.join(tmp, 'cancelled.mp4');
      const options = exportOptionsSchema.parse({ preset: '16:9' });
      const job = await service.start({ projectDir: project.dir, outPath: out, options, destination: 'file' });
      const rendering = new Promise<void>((resolve) => {
        const stop = service.subscribe((j) => {
          if (j.id === job.id && j.state === 'running' && j.stage === 'render') {
            stop();
            resolve();
          }
        });
      });
      await rendering;
      service.cancel(job.id);
      const end = await service.wait(job.id);
      expect(end.state).toBe('cancelled');
      const left = await readdir(tmp);
      expect(left.filter((name) => name.includes('cancelled'))).toEqual([]);
      await expect(stat(out)).rejects.toThrow();
    }, 180_000);
  });
});
