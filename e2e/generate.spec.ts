import { expect, test } from '@playwright/test';
import { E2E_TOKEN } from './support/constants';

test.describe('web mode: a prompt becomes a clip', () => {
  test('generate a take, watch it progress and play; cancel a second one mid-way', async ({ page }) => {
    await page.goto(`/#token=${E2E_TOKEN}`);
    await expect(page.getByRole('status', { name: 'Engine connection' })).toHaveText('Engine connected');
    // The token leaves the address bar once the page has it.
    expect(page.url()).not.toContain('token');

    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('a red ball bouncing on the beach');
    await page.getByLabel('Seed').fill('7');
    await page.getByRole('button', { name: 'Generate' }).click();

    const first = page.getByRole('listitem', { name: 'Job: a red ball bouncing on the beach' });
    const bar = first.getByRole('progressbar');
    // Progress moves: seen part-way, then complete.
    await expect
      .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { intervals: [50] })
      .toBeGreaterThan(0);
    await expect(first.getByText(/^Done in/)).toBeVisible({ timeout: 90_000 });
    await expect(bar).toHaveAttribute('aria-valuenow', '100');

    const video = page.getByLabel('Preview of the take');
    await expect(video).toBeVisible();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState >= 2 && v.videoWidth > 0)).toBe(true);
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/web-mode-generated.png' });

    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('a blue cube sliding to the left');
    await page.getByRole('button', { name: 'Generate' }).click();
    const second = page.getByRole('listitem', { name: 'Job: a blue cube sliding to the left' });
    await expect
      .poll(async () => Number(await second.getByRole('progressbar').getAttribute('aria-valuenow')), { intervals: [50] })
      .toBeGreaterThan(0);
    await second.getByRole('button', { name: 'Cancel' }).click();
    await expect(second.getByText('Cancelled')).toBeVisible();
    const stoppedAt = Number(await second.getByRole('progressbar').getAttribute('aria-valuenow'));
    expect(stoppedAt).toBeLessThan(100);
    await expect(second.getByRole('button', { name: 'Retry' })).toBeVisible();
  });

  test('a page without the token cannot reach the engine', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('status', { name: 'Engine connection' })).not.toHaveText('Engine connected', { timeout: 3000 });
  });
});
