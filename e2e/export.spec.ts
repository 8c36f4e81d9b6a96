import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { addScene, createProject, openStudio } from './support/studio';

// Not a prompt other specs use: they share this engine's queue and look their jobs up by prompt.
const PROMPT = 'a paper lantern drifting over a night market';

function ffprobe(file: string): { streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number }>; format: { duration: string } } {
  const json = execFileSync(process.env.FFPROBE_PATH ?? 'ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file]);
  return JSON.parse(json.toString()) as ReturnType<typeof ffprobe>;
}

test('export: a creator exports the timeline to 9:16 from the studio, sees the progress, cancels a second export', async ({ page }) => {
  test.setTimeout(420_000);
  await openStudio(page);
  await createProject(page, 'Lantern film');
  await addScene(page, PROMPT);
  await page.getByRole('button', { name: 'Generate scene 1', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Take 1 of scene 1 (ready)' })).toHaveAttribute('aria-pressed', 'true', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Put all scenes on the timeline' }).click();
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('All changes saved');

  // Ctrl+E opens the export dialog; the rule for the visible mark is spelled out next to its toggle.
  await page.keyboard.press('Control+e');
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(/visible watermark may be turned off only for a file export/)).toBeVisible();
  await expect(dialog.getByLabel('Visible “Scenecast” watermark')).toBeChecked();
  await expect(dialog.getByLabel('Format')).toHaveValue('h264');

  // Export to the feed needs a feed account: the dialog says so before rendering anything.
  await dialog.getByRole('button', { name: 'Export to feed' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Sign in to the feed first');

  await dialog.getByLabel('Size').selectOption('9:16');
  await dialog.getByLabel('File name').fill('lantern-vertical');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const progress = dialog.getByRole('progressbar', { name: 'Export progress' });
  await expect(progress).toBeVisible();
  await expect(dialog.getByRole('status')).toContainText(/left|estimating/);
  await expect(dialog.getByRole('status')).toContainText('Exported 1080×1920', { timeout: 240_000 });
  await expect(progress).toHaveAttribute('aria-valuenow', '100');
  const file = (await dialog.locator('.export-path').textContent())!;
  expect(file).toMatch(/[\\/]exports[\\/]lantern-vertical\.mp4$/);
  await dialog.screenshot({ path: 'test-results/export-dialog.png' });

  // The file is what a player sees: 1080×1920 H.264 with AAC sound.
  const probe = ffprobe(file);
  expect(probe.streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 1080, height: 1920 });
  expect(probe.streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac' });
  expect(Number(probe.format.duration)).toBeGreaterThan(0);
  expect(existsSync(file.replace(/\.mp4$/, '.fcpxml'))).toBe(true);

  // A second export, cancelled while it runs: nothing is left behind.
  await dialog.getByLabel('Size').selectOption('custom');
  await dialog.getByLabel('Width').fill('1280');
  await dialog.getByLabel('Height').fill('720');
  await dialog.getByLabel('File name').fill('lantern-cancelled');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(dialog.getByRole('status')).toContainText(/Rendering|Watermarking/);
  await dialog.getByRole('button', { name: 'Cancel export' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Cancelled; nothing was written.');
  expect(existsSync(file.replace('lantern-vertical', 'lantern-cancelled'))).toBe(false);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});
