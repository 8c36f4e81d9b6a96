import { expect, test } from '@playwright/test';
import { addScene, createProject, openStudio } from './support/studio';

// Not a prompt other specs use: they share this engine's queue and look their jobs up by prompt.
const PROMPT = 'a striped beach ball rolling into the surf';
const PASSWORD = 'sand castles at noon 42';

test('feed: publish a take from the studio, see it in the sidebar feed, like, comment, remix into a new project', async ({ page }) => {
  // Tall enough for the sidebar's feed to show a whole post beside the queue.
  await page.setViewportSize({ width: 1600, height: 1000 });
  await openStudio(page);
  await createProject(page, 'Beach ball');
  await addScene(page, PROMPT);
  await page.getByRole('button', { name: 'Generate scene 1', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Take 1 of scene 1 (ready)' })).toHaveAttribute('aria-pressed', 'true', { timeout: 120_000 });

  // The sidebar's feed: the embedded local feed server's web UI in a frame, empty so far.
  await page.getByRole('button', { name: 'Show Feed' }).click();
  const feed = page.frameLocator('iframe[title="Community feed"]');
  await expect(feed.getByText('Nothing here yet.')).toBeVisible();
  // The feed server setting explains a wrong address instead of saving it.
  const serverSetting = page.getByRole('group').filter({ hasText: 'Feed server' });
  await serverSetting.getByText('Feed server').click();
  await serverSetting.getByLabel('Address').fill('feed.example.org');
  await serverSetting.getByRole('button', { name: 'Use this server' }).click();
  await expect(serverSetting.getByRole('alert')).toContainText('not a web address');
  await serverSetting.getByText('Feed server').click();

  // Publish: not signed in yet, so the dialog asks for an account first.
  await page.getByRole('button', { name: 'Publish…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish to the feed' });
  await dialog.getByLabel('Handle').fill('beachmaker');
  await dialog.getByLabel('Display name').fill('Beach Maker');
  // The feed server's refusal reaches the dialog in plain words.
  await dialog.getByLabel('Password').fill('short');
  await dialog.getByRole('button', { name: 'Create account' }).click();
  await expect(dialog.getByRole('alert')).toContainText('at least 10 characters');
  await dialog.getByLabel('Password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Create account' }).click();
  await expect(dialog.getByText('Signed in as @beachmaker')).toBeVisible();
  await expect(dialog.getByLabel('Take')).toHaveValue(/.+/);
  await dialog.getByLabel('Title').fill('Ball on the beach');
  await dialog.getByLabel('Visibility').selectOption('public');
  await dialog.getByRole('button', { name: 'Publish' }).click();
  await expect(dialog.getByRole('progressbar', { name: 'Upload progress' })).toBeVisible();
  await expect(dialog.getByRole('status')).toContainText('Published “Ball on the beach”');
  await expect(dialog.getByRole('progressbar', { name: 'Upload progress' })).toHaveAttribute('aria-valuenow', '100');
  await expect(dialog.getByRole('link', { name: 'See it in the feed' })).toHaveAttribute('href', /\/#\/u\/beachmaker$/);
  await page.screenshot({ path: 'test-results/feed-publish.png' });
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByLabel('Feed account')).toHaveText('@beachmaker');

  // The post shows in the sidebar's feed (the frame reloads after publishing).
  const card = feed.locator('article.post').filter({ hasText: 'Ball on the beach' });
  await expect(card).toBeVisible();
  // With what the studio said about how it was made.
  await expect(card.locator('details.provenance summary')).toHaveText(/^Made with Scenecast/);

  // One sign-in serves both: the feed page is already signed in as the studio's account (a one-time code in the
  // frame's address, traded for the page's own session and then gone from it).
  await expect(feed.locator('.account .me')).toHaveText('@beachmaker');
  const feedFrame = await (await page.locator('iframe[title="Community feed"]').elementHandle())!.contentFrame();
  expect(feedFrame!.url()).not.toContain('handoff');
  // Liking and commenting happen inside the feed's own page.
  await card.getByRole('button', { name: /Like/ }).click();
  await expect(card.locator('.like')).toHaveAttribute('aria-pressed', 'true');
  await expect(card.locator('.like .count')).toHaveText('1');
  await card.getByRole('button', { name: /Comments/ }).click();
  await card.getByRole('textbox', { name: 'Comment' }).fill('What a bounce!');
  await card.getByRole('button', { name: 'Post' }).click();
  await expect(card.locator('.comment-body')).toContainText(['What a bounce!']);
  await page.screenshot({ path: 'test-results/feed-sidebar.png' });

  // Remix in the frame: the studio hears it and opens a new project whose scene is the post's prompt.
  await card.getByRole('button', { name: 'Remix' }).click();
  await expect(page.getByLabel('Project name')).toHaveText('Remix of Ball on the beach');
  await expect(page.getByRole('textbox', { name: 'Prompt of scene 1', exact: true })).toHaveValue(PROMPT);
  await expect(page.getByRole('list', { name: 'Scenes' }).getByRole('listitem')).toHaveCount(1);
  // The feed stays open beside the new project.
  await expect(page.frameLocator('iframe[title="Community feed"]').locator('article.post').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/feed-remix.png' });

  // Signing out of the studio signs the feed page out too.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Feed account', { exact: true })).toHaveText('Not signed in');
  await expect(page.frameLocator('iframe[title="Community feed"]').getByRole('link', { name: 'Sign in' })).toBeVisible();
});
