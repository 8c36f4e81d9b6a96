import { expect, test } from '@playwright/test';
import { addScene, createProject, openStudio } from './support/studio';

test('zoomed far out a lane is drawn as an overview whose clips can still be picked; a zoom gesture draws the tracks as bars until it rests', async ({ page }) => {
  await openStudio(page);
  await createProject(page, 'Overview lane');
  await addScene(page, 'a yellow kite over a green hill');
  await page.getByRole('button', { name: 'Generate scene 1', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Take 1 of scene 1 (ready)' })).toHaveAttribute('aria-pressed', 'true', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Put all scenes on the timeline' }).click();
  const clip = page.getByRole('button', { name: 'Clip: scene 1', exact: true });
  await expect(clip).toBeVisible();
  const overview = page.getByRole('img', { name: /^Video 1: 1 clip drawn small/ });
  await expect(overview).toHaveCount(0);

  // A Ctrl+wheel zoom: the tracks are drawn as bars on one canvas while the gesture runs, and the clip is an element
  // again once it rests.
  const zoomOverview = page.getByRole('img', { name: /^Tracks drawn as bars while zooming/ });
  const lanes = page.getByRole('region', { name: 'Timeline tracks' });
  const box = (await lanes.boundingBox())!;
  await page.mouse.move(box.x + 100, box.y + 60);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, 40);
  await page.keyboard.up('Control');
  await expect(zoomOverview).toBeVisible();
  await expect(clip).toBeVisible();
  await expect(zoomOverview).toHaveCount(0);
  await expect(overview).toHaveCount(0);

  // Zoomed out until the clip is a few pixels wide: the lane stays an overview.
  for (let i = 0; i < 14; i++) await page.keyboard.press('-');
  await expect(overview).toBeVisible();
  await expect(clip).toHaveCount(0);
  await page.locator('.timeline').screenshot({ path: 'test-results/timeline-overview.png' });

  // Pressing on the sliver selects the clip, as pressing the clip element does.
  // The clip starts at frame 0 and the timeline is scrolled to the start: its sliver is at the lane's left edge.
  const lane = (await overview.boundingBox())!;
  await page.mouse.click(lane.x + 2, lane.y + lane.height / 2);
  for (let i = 0; i < 14; i++) await page.keyboard.press('+');
  await expect(clip).toHaveAttribute('aria-pressed', 'true');
});
