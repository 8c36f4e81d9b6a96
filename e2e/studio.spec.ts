import { expect, test, type Page } from '@playwright/test';
import { addScene, clipTiming, createProject, openStudio } from './support/studio';

const prompts = ['a red kite over the dunes', 'a yellow boat on a lake', 'a green cone spinning in the rain'];

const clips = (page: Page) => page.getByRole('region', { name: 'Timeline tracks' }).getByRole('button', { name: /^Clip: scene/ });
const playheadFrame = async (page: Page) => Number(await page.getByTestId('playhead').getAttribute('data-frame'));

test('a creator writes a storyboard, generates it, cuts it on the timeline, plays it and finds it after a reload', async ({ page }) => {
  test.setTimeout(300_000);
  await openStudio(page);
  await createProject(page, 'Beach short');

  // A three-scene storyboard.
  for (const prompt of prompts) await addScene(page, prompt);
  await page.getByRole('combobox', { name: 'Style of scene 1' }).selectOption('cinematic');
  await page.getByRole('combobox', { name: 'Camera of scene 2' }).selectOption('pan-left');
  await expect(page.getByRole('list', { name: 'Scenes' }).getByRole('listitem')).toHaveCount(3);

  // Generate all: three jobs queue, their progress bars move, and the takes land in their scenes.
  await page.getByRole('button', { name: 'Generate all' }).click();
  // Style and camera presets are appended to the prompt the model gets.
  for (const prompt of prompts) await expect(page.getByRole('listitem', { name: new RegExp(`^Job: ${prompt}`) })).toBeVisible();
  await expect(page.getByRole('listitem', { name: /^Job: a red kite over the dunes, cinematic lighting/ })).toBeVisible();
  const firstBar = page.getByRole('listitem', { name: /^Job: a red kite/ }).getByRole('progressbar');
  await expect.poll(async () => Number(await firstBar.getAttribute('aria-valuenow')), { intervals: [50] }).toBeGreaterThan(0);
  const lastBar = page.getByRole('listitem', { name: /^Job: a green cone/ }).getByRole('progressbar');
  const seen = new Set<number>();
  await expect
    .poll(
      async () => {
        seen.add(Number(await lastBar.getAttribute('aria-valuenow')));
        return [...seen].some((v) => v > 0 && v < 100);
      },
      { intervals: [50], timeout: 120_000 },
    )
    .toBe(true);
  for (const n of [1, 2, 3]) {
    await expect(page.getByRole('button', { name: `Take 1 of scene ${n} (ready)` })).toHaveAttribute('aria-pressed', 'true', { timeout: 120_000 });
  }
  // Posters arrive as thumbnails.
  await expect(page.getByRole('button', { name: 'Take 1 of scene 3 (ready)' }).locator('img')).toBeVisible();
  await page.getByRole('region', { name: 'Storyboard', exact: true }).screenshot({ path: 'test-results/studio-storyboard.png' });

  // Arrange the takes on the timeline, end to end.
  await page.getByRole('button', { name: 'Put all scenes on the timeline' }).click();
  await expect(clips(page)).toHaveCount(3);
  const before1 = await clipTiming(page, 'Clip: scene 1');
  const before2 = await clipTiming(page, 'Clip: scene 2');
  expect(before2.start).toBe(before1.start + before1.duration);

  // Trim the end of scene 1's clip by dragging its right edge.
  const clip1 = page.getByRole('button', { name: 'Clip: scene 1', exact: true });
  const box1 = (await clip1.boundingBox())!;
  await page.mouse.move(box1.x + box1.width - 2, box1.y + box1.height / 2);
  await page.mouse.down();
  await page.mouse.move(box1.x + box1.width - 30, box1.y + box1.height / 2, { steps: 6 });
  await page.mouse.move(box1.x + box1.width - 60, box1.y + box1.height / 2, { steps: 6 });
  await page.mouse.up();
  const trimmed1 = await clipTiming(page, 'Clip: scene 1');
  expect(trimmed1.start).toBe(before1.start);
  expect(trimmed1.duration).toBeLessThan(before1.duration);

  // Split scene 2's clip at the playhead: click the ruler over its middle, then S.
  const box2 = (await page.getByRole('button', { name: 'Clip: scene 2', exact: true }).boundingBox())!;
  const ruler = page.getByRole('region', { name: 'Timeline tracks' }).locator('[data-role="ruler"]');
  const rulerBox = (await ruler.boundingBox())!;
  await page.mouse.click(box2.x + box2.width / 2, rulerBox.y + rulerBox.height / 2);
  await page.getByRole('button', { name: 'Clip: scene 2', exact: true }).click();
  await page.keyboard.press('s');
  await expect(clips(page)).toHaveCount(4);
  const left = await clipTiming(page, 'Clip: scene 2', 0);
  const right = await clipTiming(page, 'Clip: scene 2', 1);
  expect(left.start + left.duration).toBe(right.start);
  expect(left.duration + right.duration).toBe(before2.duration);

  // Undo both edits (split, then trim), and redo both.
  await page.keyboard.press('Control+z');
  await expect(clips(page)).toHaveCount(3);
  expect(await clipTiming(page, 'Clip: scene 1')).toEqual(trimmed1);
  await page.keyboard.press('Control+z');
  expect(await clipTiming(page, 'Clip: scene 1')).toEqual(before1);
  await page.keyboard.press('Control+Shift+z');
  expect(await clipTiming(page, 'Clip: scene 1')).toEqual(trimmed1);
  await page.keyboard.press('Control+y');
  await expect(clips(page)).toHaveCount(4);

  // Move a clip by dragging its body; undo puts it back.
  const s3 = page.getByRole('button', { name: 'Clip: scene 3', exact: true });
  const s3Before = await clipTiming(page, 'Clip: scene 3');
  const s3Box = (await s3.boundingBox())!;
  await page.mouse.move(s3Box.x + s3Box.width / 2, s3Box.y + s3Box.height / 2);
  await page.mouse.down();
  await page.mouse.move(s3Box.x + s3Box.width / 2 + 40, s3Box.y + s3Box.height / 2, { steps: 8 });
  await page.mouse.up();
  expect((await clipTiming(page, 'Clip: scene 3')).start).toBeGreaterThan(s3Before.start);
  await page.keyboard.press('Control+z');
  expect(await clipTiming(page, 'Clip: scene 3')).toEqual(s3Before);

  // Marquee-select the second half of scene 2 and scene 3 from the empty cameo lane, ripple-delete them, undo.
  const s2b = (await page.getByRole('button', { name: 'Clip: scene 2', exact: true }).nth(1).boundingBox())!;
  const cameo = (await page.getByRole('group', { name: 'Track Cameo' }).boundingBox())!;
  await page.mouse.move(s2b.x + 5, cameo.y + cameo.height / 2);
  await page.mouse.down();
  await page.mouse.move(s3Box.x + 10, s2b.y + s2b.height / 2, { steps: 6 });
  await page.mouse.up();
  await expect(page.getByRole('button', { name: /^Clip: scene/, pressed: true })).toHaveCount(2);
  await page.keyboard.press('Shift+Delete');
  await expect(clips(page)).toHaveCount(2);
  await page.keyboard.press('Control+z');
  await expect(clips(page)).toHaveCount(4);
  await page.getByRole('region', { name: 'Timeline', exact: true }).screenshot({ path: 'test-results/studio-timeline.png' });

  // A new take of scene 1 lands in its scene and replaces the take on the timeline, keeping the trim; picking the first
  // take again swaps it back.
  const clip1TakeId = () => page.getByRole('button', { name: 'Clip: scene 1', exact: true }).getAttribute('data-take-id');
  const firstTake = await clip1TakeId();
  await page.getByRole('button', { name: 'Generate scene 1', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Take 2 of scene 1 (ready)' })).toHaveAttribute('aria-pressed', 'true', { timeout: 120_000 });
  await expect.poll(clip1TakeId).not.toBe(firstTake);
  expect(await clipTiming(page, 'Clip: scene 1')).toEqual(trimmed1);
  await page.getByRole('button', { name: 'Take 1 of scene 1 (ready)' }).click();
  await expect.poll(clip1TakeId).toBe(firstTake);
  expect(await clipTiming(page, 'Clip: scene 1')).toEqual(trimmed1);

  // Play the timeline from the start: the playhead advances and the preview shows the clip under it.
  await page.keyboard.press('Home');
  await expect.poll(() => playheadFrame(page)).toBe(0);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => playheadFrame(page), { timeout: 10_000 }).toBeGreaterThan(12);
  const video = page.getByLabel('Preview video');
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState >= 2 && v.videoWidth > 0)).toBe(true);
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('All changes saved');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await page.getByRole('region', { name: 'Preview', exact: true }).screenshot({ path: 'test-results/studio-preview.png' });
  await page.screenshot({ path: 'test-results/studio.png' });

  // Reload: the project reopens as it was.
  const saved = await Promise.all([0, 1].map((i) => clipTiming(page, 'Clip: scene 2', i)));
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('All changes saved');
  await page.reload();
  await expect(page.getByLabel('Project name')).toHaveText('Beach short');
  await expect(clips(page)).toHaveCount(4);
  expect(await clipTiming(page, 'Clip: scene 1')).toEqual(trimmed1);
  expect(await Promise.all([0, 1].map((i) => clipTiming(page, 'Clip: scene 2', i)))).toEqual(saved);
  for (const [i, prompt] of prompts.entries()) {
    await expect(page.getByRole('textbox', { name: `Prompt of scene ${i + 1}`, exact: true })).toHaveValue(prompt);
  }
  await expect(page.getByRole('combobox', { name: 'Style of scene 1' })).toHaveValue('cinematic');
  await expect(page.getByRole('button', { name: 'Take 1 of scene 2 (ready)' })).toHaveAttribute('aria-pressed', 'true');

  // Back to the home screen: the project is listed with its poster and opens again.
  await page.getByRole('button', { name: 'Close project' }).click();
  const recent = page.getByRole('list', { name: 'Recent projects' }).getByRole('button', { name: /Beach short/ });
  await expect(recent.locator('img')).toBeVisible();
  await page.screenshot({ path: 'test-results/studio-home.png' });
  await recent.click();
  await expect(page.getByLabel('Project name')).toHaveText('Beach short');
  await expect(clips(page)).toHaveCount(4);
});
