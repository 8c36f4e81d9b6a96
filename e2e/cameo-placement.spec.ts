/**
 * A cameo placed on the three.js stage with two keyframes, generated with the real bundled model pack: the test finds
 * the subject in the output frames (where they differ from the same seed without the cameo) and checks that it follows
 * the placed path. This spec starts its own web-mode server with models/scenecast-tiny (the shared e2e server runs the
 * random-weight test pack, which draws noise).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { boxAt } from '../src-shared/cameo/boxTrack';
import { placementBoxTrack } from '../src-shared/cameo/stage';
import { projectDocumentSchema } from '../src-shared/project';
import { shotCameraFor } from '../src-renderer/features/cameos/overlayBoxes';
import { recordCameo, signUpForCameos } from './support/cameos';
import { fakeAudio, fakeVideo, launchWithCamera } from './support/fakeCamera';
import { E2E_TOKEN } from './support/constants';
import { addScene, createProject } from './support/studio';

const PORT = Number(process.env.SCENECAST_E2E_MODEL_PORT ?? 47851);
const PROMPT = 'a red ball bouncing on the beach';
let dir: string;
let server: ChildProcess;
let browser: Browser;

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'scenecast-stage-'));
  server = spawn(process.execPath, ['--import', 'tsx', 'e2e/support/serve.ts', '--port', String(PORT), '--data-dir', path.join(dir, 'data')], {
    env: { ...process.env, SCENECAST_E2E_MODEL: 'models/scenecast-tiny' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the real-pack web server did not start in 60 s')), 60_000);
    server.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('e2e web mode at') && (clearTimeout(timer), resolve()));
    server.once('exit', (code) => reject(new Error(`the real-pack web server exited (${code})`)));
  });
  browser = await launchWithCamera(fakeVideo(dir, 'face'), fakeAudio(dir, 'voice'));
});

test.afterAll(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

/** Frames of an MP4 as RGB bytes, with their size. */
function decode(file: string): { width: number; height: number; frames: Buffer[] } {
  const probe = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file]).stdout.toString().trim();
  const [width, height] = probe.split(',').map(Number) as [number, number];
  const raw = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 256 * 1024 ** 2 }).stdout;
  const size = width * height * 3;
  return { width, height, frames: Array.from({ length: raw.length / size }, (_, i) => raw.subarray(i * size, (i + 1) * size)) };
}

/** Where a frame differs most from the same frame without the cameo: the centroid of the strongest 15 % of the difference. */
function differenceCentre(a: Buffer, b: Buffer, width: number, height: number): { x: number; y: number } {
  const diff = new Float32Array(width * height);
  for (let p = 0; p < diff.length; p++) diff[p] = Math.abs(a[p * 3]! - b[p * 3]!) + Math.abs(a[p * 3 + 1]! - b[p * 3 + 1]!) + Math.abs(a[p * 3 + 2]! - b[p * 3 + 2]!);
  const threshold = [...diff].sort((m, n) => m - n)[Math.floor(diff.length * 0.85)]!;
  let sum = 0;
  let sx = 0;
  let sy = 0;
  diff.forEach((d, p) => {
    if (d < threshold) return;
    sum += d;
    sx += d * ((p % width) + 0.5);
    sy += d * (Math.floor(p / width) + 0.5);
  });
  return { x: sx / sum / width, y: sy / sum / height };
}

async function setStage(page: Page, x: string, depth: string, height: string) {
  const stage = page.getByRole('dialog', { name: 'Cameos in scene 1' });
  await stage.getByLabel('Left–right (m)').fill(x);
  await stage.getByLabel('Depth (m)').fill(depth);
  await stage.getByLabel('Height (m)').fill(height);
}

test('placement: a cameo placed on the stage with two keyframes appears along that path in the generated take', async () => {
  test.setTimeout(300_000);
  const page = await (await browser.newContext({ baseURL: `http://127.0.0.1:${PORT}`, viewport: { width: 1400, height: 950 } })).newPage();
  await page.goto(`/#token=${E2E_TOKEN}`);
  await expect(page.getByRole('status', { name: 'Engine connection' })).toHaveText('Engine connected');
  await createProject(page, 'Stage walk');
  await signUpForCameos(page, 'stagemaker', 'footlights and rigging 9');
  await expect(await recordCameo(page, 'maya.stage')).toContainText('Accepted: Maya (@maya.stage)', { timeout: 90_000 });
  await page.getByRole('dialog', { name: 'Cameos' }).getByRole('button', { name: 'Close' }).click();

  // The scene, first without the cameo, with a locked seed: the reference the cameo's take is compared with.
  await addScene(page, PROMPT);
  await page.getByRole('textbox', { name: 'Seed of scene 1', exact: true }).fill('7');
  await page.getByRole('button', { name: 'Lock seed of scene 1' }).click();
  await page.getByRole('button', { name: 'Generate scene 1', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Take 1 of scene 1 (ready)' })).toBeVisible({ timeout: 120_000 });

  // Place the cameo on the stage.
  await page.getByRole('button', { name: 'Cameos in scene 1' }).click();
  const stage = page.getByRole('dialog', { name: 'Cameos in scene 1' });
  await stage.getByLabel('Cameo to place').selectOption({ label: 'Maya @maya.stage' });
  await stage.getByRole('button', { name: 'Place in scene' }).click();
  await expect(stage.getByRole('radio', { name: 'Maya @maya.stage' })).toBeChecked();
  // Dragging the billboard over the ground moves it.
  const canvas = stage.getByLabel(/^Placement stage/);
  await expect(canvas).toHaveAttribute('data-handle-x', /\d+/);
  const box = (await canvas.boundingBox())!;
  const hx = box.x + Number(await canvas.getAttribute('data-handle-x'));
  const hy = box.y + Number(await canvas.getAttribute('data-handle-y'));
  const xBefore = Number(await stage.getByLabel('Left–right (m)').inputValue());
  await page.mouse.move(hx, hy);
  await page.mouse.down();
  await page.mouse.move(hx - 30, hy + 10, { steps: 5 });
  await page.mouse.move(hx - 60, hy + 20, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => Number(await stage.getByLabel('Left–right (m)').inputValue())).not.toBe(xBefore);

  // Two keyframes: at the first frame on the left, at the last on the right and nearer.
  await setStage(page, '-2.2', '6', '1.7');
  await stage.getByLabel('Time in clip').focus();
  await page.keyboard.press('End');
  await setStage(page, '1.8', '4.5', '1.7');
  await expect(stage.getByRole('list', { name: 'Keyframes' }).getByRole('listitem')).toHaveCount(2);
  const shotBox = stage.getByRole('group', { name: 'The shot at this time' }).getByRole('img');
  await expect(shotBox).toHaveAccessibleName(/^Maya @maya\.stage: x 0\.\d\d/);
  await page.screenshot({ path: 'test-results/cameo-stage.png' });
  await stage.getByRole('button', { name: 'Done' }).click();

  // Generate with the cameo; the take lands and plays with the placement drawn over it.
  await page.getByRole('button', { name: 'Generate scene 1', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Take 2 of scene 1 (ready)' })).toHaveAttribute('aria-pressed', 'true', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Put scene 1 on the timeline' }).click();
  await expect(page.getByRole('button', { name: 'Cameo placement in scene 1: Maya @maya.stage' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Cameo placements in this frame' }).getByRole('img')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/cameo-monitor.png' });
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('All changes saved');

  // Measure in the frames: where the take with the cameo differs from the one without, against the placed path.
  const projectDir = (await page.getByLabel('Project name').getAttribute('title'))!;
  const doc = projectDocumentSchema.parse(JSON.parse(readFileSync(path.join(projectDir, 'project.json'), 'utf8')));
  const [plain, withCameo] = doc.scenes[0]!.takeIds.map((id) => doc.takes.find((t) => t.id === id)!);
  const placement = doc.cameoPlacements![0]!;
  const track = placementBoxTrack(placement.keyframes, shotCameraFor(doc.width / doc.height), placement.refAspect, doc.scenes[0]!.durationFrames);
  const a = decode(path.join(projectDir, withCameo!.renderPath));
  const b = decode(path.join(projectDir, plain!.renderPath));
  expect(a.frames.length).toBe(b.frames.length);
  const rows = a.frames.map((frame, i) => {
    const t = a.frames.length > 1 ? i / (a.frames.length - 1) : 0;
    const placed = boxAt(track, t);
    const found = differenceCentre(frame, b.frames[i]!, a.width, a.height);
    return { t, placedX: placed.x + placed.w / 2, foundX: found.x, error: Math.abs(found.x - (placed.x + placed.w / 2)) };
  });
  const meanError = rows.reduce((s, r) => s + r.error, 0) / rows.length;
  const maxError = Math.max(...rows.map((r) => r.error));
  console.log(`cameo path over ${rows.length} frames: mean |found − placed| ${meanError.toFixed(3)}, max ${maxError.toFixed(3)} (of the frame width)`);
  for (const r of rows) console.log(`  t ${r.t.toFixed(2)}  placed x ${r.placedX.toFixed(3)}  found x ${r.foundX.toFixed(3)}`);
  // The subject goes where it was placed: from the left part of the frame to the right, along the path (a frame of
  // this small model can be off, so the ends are compared over a quarter of the clip each).
  const quarter = Math.max(1, Math.floor(rows.length / 4));
  const mean = (list: typeof rows, key: 'foundX' | 'placedX') => list.reduce((s, r) => s + r[key], 0) / list.length;
  const [first, last] = [rows.slice(0, quarter), rows.slice(-quarter)];
  expect(mean(first, 'foundX')).toBeLessThan(0.45);
  expect(mean(last, 'foundX')).toBeGreaterThan(0.55);
  expect(mean(last, 'foundX') - mean(first, 'foundX')).toBeGreaterThan(0.5 * (mean(last, 'placedX') - mean(first, 'placedX')));
  expect(meanError).toBeLessThan(0.1);
});
