import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { locateMediaTools } from '../src-main/engine/media/index';
import { makeSyncClip } from '../src-main/engine/testing/syncClip';
import { newProjectDocument, projectDocumentSchema } from '../src-shared/project';
import { addScene, createProject, openStudio } from './support/studio';

const FPS = 24;
let projectDir: string;
let wavPath: string;

/**
 * A project whose video track holds a take of a bouncing ball (built from exact physics), and beside it a WAV of the
 * ball's knocks in sync with it — what a creator has after recording a sound for a generated clip.
 */
test.beforeAll(async () => {
  const tools = await locateMediaTools({ env: process.env });
  projectDir = await mkdtemp(path.join(os.tmpdir(), 'scenecast-e2e-audio-'));
  await mkdir(path.join(projectDir, 'renders'));
  await mkdir(path.join(projectDir, 'assets'));
  const media = path.join(projectDir, 'recorded');
  await mkdir(media);
  const clip = await makeSyncClip({ tools, dir: media, name: 'knocks', fps: FPS, offsetMs: 0, seconds: 4 });
  wavPath = clip.audioPath;
  await makeSyncClip({ tools, dir: path.join(projectDir, 'renders'), name: 'ball', fps: FPS, offsetMs: 0, seconds: 4 });
  let n = 0;
  const doc = newProjectDocument({ id: 'e2e-audio', name: 'Bounce with sound', now: new Date().toISOString(), fps: FPS, createId: () => `track-${++n}` });
  doc.scenes.push({ id: 'scene-1', prompt: 'a ball bouncing', negativePrompt: '', durationFrames: 96, seed: 1, seedLocked: false, stylePreset: null, cameraPreset: null, takeIds: ['take-1'], activeTakeId: 'take-1' });
  doc.takes.push({ id: 'take-1', sceneId: 'scene-1', renderPath: 'renders/ball.mp4', posterPath: null, frames: 96, fps: FPS, seed: 1, modelPack: { id: 'e2e', version: '1' }, status: 'ready' });
  doc.clips.push({ id: 'video-1', trackId: doc.tracks[0]!.id, takeId: 'take-1', assetId: null, startFrame: 0, durationFrames: 96, sourceInFrame: 0, sourceOutFrame: 96 });
  await writeFile(path.join(projectDir, 'project.json'), JSON.stringify(projectDocumentSchema.parse(doc), null, 2));
});

test.afterAll(async () => {
  await rm(projectDir, { recursive: true, force: true });
});

/** Opens the test's project from the home screen, by its folder. */
async function openBounceProject(page: Page): Promise<void> {
  await openStudio(page);
  await page.getByRole('textbox', { name: 'Project folder' }).fill(projectDir);
  await page.getByRole('button', { name: 'Open folder' }).click();
  await expect(page.getByLabel('Project name')).toHaveText('Bounce with sound');
}

const soundClip = (page: Page) => page.getByRole('button', { name: 'Audio clip: knocks.wav' });
/** Where the sound starts on the timeline, in ms: its frame plus its fine offset. */
async function soundStartMs(page: Page): Promise<number> {
  const clip = soundClip(page);
  return (Number(await clip.getAttribute('data-start')) * 1000) / FPS + Number(await clip.getAttribute('data-offset-ms'));
}

test('a creator imports a sound, sees its waveform, nudges it out of sync, auto-syncs it back and undoes that', async ({ page }) => {
  await openBounceProject(page);

  // Import the WAV through the track's file chooser; it lands at the playhead (frame 0), under the ball.
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import a sound onto Audio 1' }).click();
  await (await chooser).setFiles(wavPath);
  await expect(soundClip(page)).toBeVisible();
  await expect(soundClip(page)).toHaveAttribute('data-start', '0');
  await expect(soundClip(page)).toHaveAttribute('data-duration', String(4.5 * FPS));

  // Its waveform is drawn from the engine's peaks (100 a second for 4.5 s).
  const waveform = soundClip(page).getByTestId('waveform');
  await expect(waveform).toHaveAttribute('data-peaks', '450');
  await expect(waveform.locator('canvas').first()).toBeVisible();
  await page.getByRole('region', { name: 'Timeline tracks' }).screenshot({ path: 'test-results/audio-waveform.png' });

  // Nudge it three frames late (Alt+→ three times: one undo step).
  await soundClip(page).click();
  await expect(soundClip(page)).toHaveAttribute('aria-pressed', 'true');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Alt+ArrowRight');
  await expect(soundClip(page)).toHaveAttribute('data-start', '3');
  expect(await soundStartMs(page)).toBe(125);

  // Auto-sync finds the sound 3 frames late, with its confidence, on the timeline.
  await page.getByRole('button', { name: 'Auto-sync to the picture' }).click();
  const badge = soundClip(page).getByRole('status', { name: 'Auto-sync' });
  await expect(badge).toContainText('late (3 fr)', { timeout: 60_000 });
  await expect(badge).toContainText(/confidence \d+ %/);
  const found = Number(await badge.getAttribute('data-offset-ms'));
  expect(Math.abs(found - 125)).toBeLessThan(1000 / FPS);
  expect(Number(await badge.getAttribute('data-confidence'))).toBeGreaterThanOrEqual(0.5);
  await page.getByRole('region', { name: 'Timeline', exact: true }).screenshot({ path: 'test-results/audio-timeline.png' });

  // One click applies it: the sound is back within a frame of the picture.
  await page.getByRole('button', { name: 'Apply the sync offset' }).click();
  await expect(badge).toHaveCount(0);
  await expect.poll(() => soundStartMs(page)).not.toBe(125);
  expect(Math.abs(await soundStartMs(page))).toBeLessThanOrEqual(1000 / FPS);

  // Undo puts it back where the nudge left it; undo again takes the nudge back too.
  await page.keyboard.press('Control+z');
  await expect.poll(() => soundStartMs(page)).toBe(125);
  await page.keyboard.press('Control+z');
  await expect.poll(() => soundStartMs(page)).toBe(0);

  // The preview plays the mix: the knocks move the level meters, which fall back to silence on pause.
  const left = page.getByRole('meter', { name: 'Left level' });
  await expect(left).toHaveAttribute('aria-valuetext', 'silent');
  await page.getByRole('toolbar', { name: 'Transport' }).getByRole('button', { name: 'Play' }).click();
  await expect.poll(async () => Number(await left.getAttribute('aria-valuenow')), { intervals: [20], timeout: 10_000 }).toBeGreaterThan(-30);
  await page.getByRole('toolbar', { name: 'Transport' }).getByRole('button', { name: 'Pause' }).click();
  await expect(left).toHaveAttribute('aria-valuetext', 'silent');
  // Shuttling forwards at double speed (L, L) plays the sound too; K stops.
  await page.getByRole('toolbar', { name: 'Transport' }).getByRole('button', { name: 'Go to start' }).click();
  await page.keyboard.press('l');
  await page.keyboard.press('l');
  await expect.poll(async () => Number(await left.getAttribute('aria-valuenow')), { intervals: [20], timeout: 10_000 }).toBeGreaterThan(-30);
  await page.keyboard.press('k');
  await expect(left).toHaveAttribute('aria-valuetext', 'silent');
});

test('a file that is not a sound is refused with a reason, and nothing lands on the track', async ({ page }) => {
  const bogus = path.join(projectDir, 'recorded', 'broken.wav');
  await writeFile(bogus, Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(512, 3)]));
  await openBounceProject(page);
  const before = await page.getByRole('button', { name: /^Audio clip:/ }).count();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import a sound onto Audio 1' }).click();
  await (await chooser).setFiles(bogus);
  await expect(page.getByRole('alert')).toContainText('Could not import broken.wav: this file cannot be read as sound');
  await expect(page.getByRole('button', { name: /^Audio clip:/ })).toHaveCount(before);
});

test('a creator shapes a sound from the keyboard: gain, fades, a typed start, 1 ms nudges, solo, split, undo', async ({ page }) => {
  await openBounceProject(page);
  // The sound imported by the first story is still there, saved with the project.
  await expect(soundClip(page)).toHaveCount(1);
  await soundClip(page).click();
  const inspector = page.getByRole('toolbar', { name: 'Audio clip' });

  await inspector.getByRole('spinbutton', { name: 'Gain (dB)' }).fill('-6');
  await page.keyboard.press('Enter');
  await expect(soundClip(page)).toContainText('knocks.wav -6 dB');

  const fadeIn = soundClip(page).getByRole('slider', { name: 'Fade in of knocks.wav' });
  await fadeIn.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(fadeIn).toHaveAttribute('aria-valuenow', '4');
  await expect(inspector.getByRole('spinbutton', { name: 'Fade in (frames)' })).toHaveValue('4');
  await inspector.getByRole('spinbutton', { name: 'Fade out (frames)' }).fill('12');
  await page.keyboard.press('Enter');
  await expect(soundClip(page).getByRole('slider', { name: 'Fade out of knocks.wav' })).toHaveAttribute('aria-valuenow', '12');

  // A typed start to the millisecond: 1010 ms is frame 24 plus 10 ms at 24 fps; then two 1 ms nudges.
  await inspector.getByRole('spinbutton', { name: 'Start (ms)' }).fill('1010');
  await page.keyboard.press('Enter');
  await expect(soundClip(page)).toHaveAttribute('data-start', '24');
  await expect(soundClip(page)).toHaveAttribute('data-offset-ms', '10');
  // Back on the clip (out of the field), the timeline's keys apply.
  await soundClip(page).click();
  await page.keyboard.press('Control+Alt+ArrowRight');
  await page.keyboard.press('Control+Alt+ArrowRight');
  await expect(soundClip(page)).toHaveAttribute('data-offset-ms', '12');
  await expect(inspector.getByLabel('Fine offset')).toHaveText('frame 24 + 12 ms');

  await page.getByRole('button', { name: 'Solo Audio 1' }).click();
  await expect(page.getByRole('button', { name: 'Solo Audio 1' })).toHaveAttribute('aria-pressed', 'true');

  // Split at frame 60: the fade-in stays on the left part, the fade-out on the right.
  for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('s');
  await expect(soundClip(page)).toHaveCount(2);
  await expect(soundClip(page).nth(0).getByRole('slider', { name: 'Fade out of knocks.wav' })).toHaveAttribute('aria-valuenow', '0');
  await expect(soundClip(page).nth(0).getByRole('slider', { name: 'Fade in of knocks.wav' })).toHaveAttribute('aria-valuenow', '4');
  await expect(soundClip(page).nth(1).getByRole('slider', { name: 'Fade in of knocks.wav' })).toHaveAttribute('aria-valuenow', '0');
  await expect(soundClip(page).nth(1).getByRole('slider', { name: 'Fade out of knocks.wav' })).toHaveAttribute('aria-valuenow', '12');

  // Undo walks back: the split, the solo, then the nudges.
  await page.keyboard.press('Control+z');
  await expect(soundClip(page)).toHaveCount(1);
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('button', { name: 'Solo Audio 1' })).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Control+z');
  await expect(soundClip(page)).toHaveAttribute('data-offset-ms', '10');
});

test('a generated take that comes with sound lands with it, linked: they move together until unlinked', async ({ page }) => {
  test.setTimeout(240_000);
  await openStudio(page);
  await createProject(page, 'Take with its sound');
  // The e2e model pack has an audio decoder: its takes come with a WAV.
  await addScene(page, 'a drum rolling down a ramp');
  await page.getByRole('button', { name: 'Generate scene 1', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Take 1 of scene 1 (ready)' })).toHaveAttribute('aria-pressed', 'true', { timeout: 180_000 });
  await page.getByRole('button', { name: 'Put scene 1 on the timeline' }).click();

  const picture = page.getByRole('button', { name: 'Clip: scene 1', exact: true });
  const sound = page.getByRole('button', { name: 'Audio clip: scene 1 sound' });
  await expect(sound).toHaveAttribute('data-linked', 'true');
  await expect(sound).toHaveAttribute('data-duration', (await picture.getAttribute('data-duration'))!);
  await expect(sound.getByTestId('waveform').locator('canvas').first()).toBeVisible();

  // Nudging the picture moves its sound with it.
  await picture.click();
  await page.keyboard.press('Alt+ArrowRight');
  await page.keyboard.press('Alt+ArrowRight');
  await expect(picture).toHaveAttribute('data-start', '2');
  await expect(sound).toHaveAttribute('data-start', '2');

  // Unlinked, the picture moves alone.
  await sound.click({ modifiers: ['Shift'] });
  await expect(picture).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('toolbar', { name: 'Audio clip' }).getByRole('button', { name: 'Unlink' }).click();
  await expect(sound).not.toHaveAttribute('data-linked', 'true');
  await sound.click({ modifiers: ['Shift'] });
  await expect(sound).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(picture).toHaveAttribute('data-start', '1');
  await expect(sound).toHaveAttribute('data-start', '2');
});
