import { expect, test } from '@playwright/test';
import { addScene, createProject, openStudio } from './support/studio';

test('a job keeps running through a page reload, and its take still lands in the scene', async ({ page }) => {
  await openStudio(page);
  await createProject(page, 'Reload survivor');
  await addScene(page, 'a green star rolling to the right');
  await page.getByRole('button', { name: 'Generate scene 1', exact: true }).click();

  const job = page.getByRole('listitem', { name: 'Job: a green star rolling to the right' });
  await expect
    .poll(async () => Number(await job.getByRole('progressbar').getAttribute('aria-valuenow')), { intervals: [50] })
    .toBeGreaterThan(0);

  // The engine owns the job: a reload only reconnects the page to it. (The scene itself must be saved first: with a
  // warm worker the job can start within the autosave's second.)
  await expect(page.getByRole('status', { name: 'Save status' })).toContainText('All changes saved');
  await page.reload();
  await expect(page.getByRole('status', { name: 'Engine connection' })).toHaveText('Engine connected');
  await expect(job).toBeVisible();
  await expect(job.getByText(/^Done in/)).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole('button', { name: 'Take 1 of scene 1 (ready)' })).toBeVisible();
});
