import { expect, test } from '@playwright/test';
import { addScene, createProject, openStudio } from './support/studio';

test.describe('web mode: a prompt becomes a clip', () => {
  test('generate a take, watch it progress and play; cancel a second one mid-way', async ({ page }) => {
    await openStudio(page);
    // The token leaves the address bar once the page has it.
    expect(page.url()).not.toContain('token');
    await createProject(page, 'First light');

    await addScene(page, 'a red ball bouncing on the beach');
    await page.getByRole('textbox', { name: 'Seed of scene 1' }).fill('7');
    await page.getByRole('button', { name: 'Lock seed of scene 1' }).click();
    await page.getByRole('button', { name: 'Generate scene 1', exact: true }).click();

    const first = page.getByRole('listitem', { name: 'Job: a red ball bouncing on the beach' });
    const bar = first.getByRole('progressbar');
    // Progress moves: seen part-way, then complete.
    await expect
      .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { intervals: [50] })
      .toBeGreaterThan(0);
    await expect(first.getByText(/^Done in/)).toBeVisible({ timeout: 90_000 });
    await expect(bar).toHaveAttribute('aria-valuenow', '100');
    await expect(first).toContainText('seed 7');

    // The take lands in its scene; on the timeline it plays in the preview.
    await expect(page.getByRole('button', { name: 'Take 1 of scene 1 (ready)' })).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('button', { name: 'Put scene 1 on the timeline' }).click();
    const video = page.getByLabel('Preview video');
    await expect(video).toBeVisible();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState >= 2 && v.videoWidth > 0)).toBe(true);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(0.2);
    await page.screenshot({ path: 'test-results/web-mode-generated.png' });

    await page.getByRole('textbox', { name: 'Prompt of scene 1', exact: true }).fill('a blue cube sliding to the left');
    await page.getByRole('button', { name: 'Generate scene 1', exact: true }).click();
    const second = page.getByRole('listitem', { name: 'Job: a blue cube sliding to the left' });
    await expect
      .poll(async () => Number(await second.getByRole('progressbar').getAttribute('aria-valuenow')), { intervals: [50] })
      .toBeGreaterThan(0);
    await second.getByRole('button', { name: 'Cancel' }).click();
    await expect(second.getByText('Cancelled')).toBeVisible();
    const stoppedAt = Number(await second.getByRole('progressbar').getAttribute('aria-valuenow'));
    expect(stoppedAt).toBeLessThan(100);
    await expect(second.getByRole('button', { name: 'Retry' })).toBeVisible();
    // The cancelled take shows as failed in its scene; the first stays active.
    await expect(page.getByRole('button', { name: 'Take 2 of scene 1 (failed)' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Take 1 of scene 1 (ready)' })).toHaveAttribute('aria-pressed', 'true');
  });

  test('a page without the token cannot reach the engine', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('status', { name: 'Engine connection' })).not.toHaveText('Engine connected', { timeout: 3000 });
  });
});
