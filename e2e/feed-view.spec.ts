import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { FeedClient } from '../feed-server/src/client';
import type { FeedViewPlacement, FeedViewRemix } from '../src-main/ipc/feedViewProtocol';
import { createProject, openStudio } from './support/studio';

/** What the test's stand-in for the desktop preload's `window.scenecastFeedView` recorded. */
interface FeedViewProbe {
  placements: FeedViewPlacement[];
  remix(postId: string): void;
}

/**
 * The studio page's side of the desktop app's feed view, in Chromium: the Electron preload's bridge is stood in for
 * (the Electron binary cannot run here), so this checks what the page does with it — a slot instead of a frame, its
 * rectangle reported as it changes, the view hidden under a dialog, and a remix from the view opening a new project.
 */
test('desktop feed view: the sidebar reports its slot, hides the view under a dialog, and opens a remix from the view', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  // The feed's address, from web mode's frame, to put a post on the feed the way another studio would.
  await openStudio(page);
  await createProject(page, 'Desktop feed view');
  await page.getByRole('button', { name: 'Show Feed' }).click();
  const feedUrl = new URL((await page.locator('iframe[title="Community feed"]').getAttribute('src'))!).origin;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scenecast-e2e-feed-view-'));
  const author = new FeedClient(feedUrl);
  let postId: string;
  try {
    const video = path.join(dir, 'clip.mp4');
    const made = spawnSync(process.env.FFMPEG_PATH ?? 'ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=1:size=160x120:rate=12', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', video]);
    expect(made.status, made.stderr?.toString()).toBe(0);
    await author.signUp({ handle: 'viewposter', displayName: 'View Poster', password: 'a long enough password 7' });
    postId = (await author.publish(video, { title: 'Lighthouse at dusk', prompt: 'a lighthouse beam sweeping over fog' })).id;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // The specs share one feed: take the post away again, whatever happens here.
  try {
    await desktopViewSteps(page, postId);
  } finally {
    await author.request('DELETE', `/api/posts/${postId}`);
  }
});

async function desktopViewSteps(page: Page, postId: string): Promise<void> {
  await page.addInitScript(() => {
    let listener: ((remix: { postId: string }) => void) | null = null;
    const probe = {
      placements: [] as unknown[],
      remix: (postId: string) => listener?.({ postId }),
    };
    Object.assign(window, {
      __feedView: probe,
      scenecastFeedView: {
        place: (placement: unknown) => probe.placements.push(JSON.parse(JSON.stringify(placement))),
        onRemix: (l: (remix: { postId: string }) => void) => {
          listener = l;
          return () => (listener = null);
        },
      },
    });
  });
  // A new document, so the stand-in is there before the studio's scripts run (the same address with a hash would not
  // load one).
  await page.reload();
  await expect(page.getByRole('status', { name: 'Engine connection' })).toHaveText('Engine connected');
  await expect(page.getByLabel('Project name')).toHaveText('Desktop feed view');
  await page.getByRole('button', { name: 'Show Feed' }).click();
  const probe = () => page.evaluate(() => (window as unknown as { __feedView: FeedViewProbe }).__feedView.placements);
  const lastRect = async () => (await probe()).at(-1)?.rect ?? null;

  // A slot the native view is laid over, and no frame.
  const slot = page.getByRole('region', { name: 'Community feed', exact: true });
  await expect(slot).toBeVisible();
  await expect(page.locator('iframe[title="Community feed"]')).toHaveCount(0);
  const box = (await slot.boundingBox())!;
  await expect.poll(lastRect).toEqual({ x: box.x, y: box.y, width: box.width, height: box.height });
  const key = (await probe()).at(-1)!.loadKey;

  // The window gets smaller: the new rectangle follows, and the page is not reloaded for it.
  await page.setViewportSize({ width: 1400, height: 900 });
  const smaller = (await slot.boundingBox())!;
  expect(smaller.x).not.toBe(box.x);
  await expect.poll(lastRect).toEqual({ x: smaller.x, y: smaller.y, width: smaller.width, height: smaller.height });
  expect((await probe()).at(-1)!.loadKey).toBe(key);

  // A dialog: the view (drawn above the page) is hidden, and comes back after.
  await page.getByRole('button', { name: 'Publish…' }).click();
  await expect(page.getByRole('dialog', { name: 'Publish to the feed' })).toBeVisible();
  await expect.poll(lastRect).toBeNull();
  await page.getByRole('dialog', { name: 'Publish to the feed' }).getByRole('button', { name: 'Cancel' }).click();
  await expect.poll(lastRect).not.toBeNull();

  // "Remix" in the view: the studio opens a new project from the post.
  await page.evaluate((id) => (window as unknown as { __feedView: FeedViewProbe }).__feedView.remix(id), postId satisfies FeedViewRemix['postId']);
  await expect(page.getByLabel('Project name')).toHaveText('Remix of Lighthouse at dusk');
  await expect(page.getByRole('textbox', { name: 'Prompt of scene 1', exact: true })).toHaveValue('a lighthouse beam sweeping over fog');
}
