import fs from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedClient, PostView } from '../src/client.js';
import { PASSWORD, startTestServer, type TestServer } from './harness.js';
import { videoFixtures } from './fixtures.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const XSS_TITLE = '<img src=x onerror="window.__pwned=1">Sunset <b>drive</b>';
const XSS_COMMENT = '<script>window.__pwned=2</script><img src=x onerror="window.__pwned=3">';
/** Screenshots land here so a person can look at them (ignored by git). */
export const SCREENSHOT_DIR = path.resolve('test-results', 'feed-web');

async function signInThroughUi(page: Page, url: string, handle: string): Promise<void> {
  await page.goto(`${url}/#/signin`);
  await page.getByLabel('Handle').fill(handle);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.account .me').waitFor();
}

describe('feed web UI in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let ana: FeedClient;
  let post: PostView;

  beforeAll(async () => {
    const [s, videos] = await Promise.all([startTestServer('sqlite'), videoFixtures()]);
    server = s;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    ana = await server.user('ana');
    await server.user('cal');
    await ana.publish(videos.ok, { title: 'Harbour at night', prompt: 'boats rocking, lanterns' });
    post = await ana.publish(videos.ok, { title: XSS_TITLE, prompt: '<script>window.__pwned=4</script>lanterns over water' });
    const ben = await server.user('ben');
    await ben.request('POST', `/api/posts/${post.id}/comments`, { body: XSS_COMMENT });
    await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves the UI with a strict CSP', async () => {
    const res = await fetch(`${server.url}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain('frame-ancestors');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('shows a vertical feed of muted videos with posters, and renders HTML in titles and comments as text', async () => {
    const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/`);
    const cards = page.locator('article.post');
    await expect.poll(() => cards.count()).toBe(2);
    const first = cards.first();
    expect(await first.locator('.title').textContent()).toBe(XSS_TITLE);
    expect(await first.locator('.title img, .title b').count()).toBe(0);
    const video = first.locator('video');
    expect(await video.getAttribute('poster')).toBe(post.posterUrl);
    expect(await video.evaluate((v: HTMLVideoElement) => v.muted)).toBe(true);

    await first.getByRole('button', { name: /Comments/ }).click();
    await first.locator('.comment-body').first().waitFor();
    expect(await first.locator('.comment-body').first().textContent()).toBe(XSS_COMMENT);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'feed-anonymous.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows how a post was made: a line that opens to the model packs and the cameos, as text', async () => {
    const videos = await videoFixtures();
    const consentHash = 'a'.repeat(64);
    const pia = await server.user('pia');
    await pia.request('POST', '/api/cameos', { id: 'cameo_pia_face', permission: 'everyone', consentHash });
    const made = await pia.publish(videos.ok, {
      title: 'Exported with marks',
      cameoIds: ['cameo_pia_face'],
      provenance: {
        generator: 'Scenecast',
        c2pa: true,
        invisibleWatermark: true,
        visibleWatermark: true,
        cameos: [{ id: 'cameo_pia_face', owner: 'pia', consentHash: `sha256:${consentHash}` }],
        modelPacks: ['scenecast-tiny 1.0.0', '<img src=x onerror="window.__pwned=5"> 2'],
      },
    });
    const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
    await page.goto(`${server.url}/`);
    const details = page.locator(`article[data-post-id="${made.id}"] details.provenance`);
    await details.waitFor();
    expect(await details.locator('summary').textContent()).toBe('Made with Scenecast · Content Credentials · invisible watermark · visible mark · 1 cameo');
    await details.locator('summary').click();
    expect(await details.locator('li').allTextContents()).toEqual([
      'Model: scenecast-tiny 1.0.0',
      'Model: <img src=x onerror="window.__pwned=5"> 2',
      'Cameo of @pia · consent on record',
    ]);
    expect(await details.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'feed-provenance.png') });
    await page.close();
    // The tests after this one expect the feed to hold ana's posts only.
    await pia.request('DELETE', `/api/posts/${made.id}`);
  });

  it('a signed-in person can like, comment and remix', async () => {
    const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
    await signInThroughUi(page, server.url, 'cal');
    const card = page.locator(`article[data-post-id="${post.id}"]`);
    await card.waitFor();
    await card.getByRole('button', { name: /Like/ }).click();
    await expect.poll(() => card.locator('.like').getAttribute('aria-pressed')).toBe('true');
    expect(await card.locator('.like .count').textContent()).toBe('1');

    await card.getByRole('button', { name: /Comments/ }).click();
    await card.getByRole('textbox', { name: 'Comment' }).fill('lovely <i>light</i>');
    await card.getByRole('button', { name: 'Post' }).click();
    await expect.poll(() => card.locator('.comment-body').allTextContents()).toContain('lovely <i>light</i>');
    expect(await card.locator('.comment-toggle .count').textContent()).toBe('2');

    await card.getByRole('button', { name: 'Remix' }).click();
    await expect.poll(() => page.locator('#toast').textContent()).toContain('Remix ready');
    const after = await ana.post(post.id);
    expect([after.likeCount, after.commentCount, after.remixCount]).toEqual([1, 2, 1]);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'feed-signed-in.png') });
    await page.close();
  });

  it('report, see less and block work from a post', async () => {
    await server.user('dan');
    const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
    await signInThroughUi(page, server.url, 'dan');
    const card = page.locator(`article[data-post-id="${post.id}"]`);
    await card.getByRole('button', { name: 'Report' }).click();
    await card.getByLabel('Reason').selectOption('cameo_misuse');
    await card.getByRole('button', { name: 'Send report' }).click();
    await expect.poll(() => page.locator('#toast').textContent()).toContain('report was sent');
    expect(await server.sql<{ reason: string }>('SELECT reason FROM reports WHERE post_id = ?', [post.id])).toEqual([{ reason: 'cameo_misuse' }]);

    await card.getByRole('button', { name: 'See less like this' }).click();
    await expect.poll(() => page.locator('#toast').textContent()).toContain('see less like this');
    expect(await server.sql('SELECT post_id FROM see_less WHERE post_id = ?', [post.id])).toHaveLength(1);

    await card.getByRole('button', { name: 'Block @ana' }).click();
    await expect.poll(() => page.locator('article.post').count()).toBe(0); // both posts are ana's: all of hers go
    await page.reload();
    await page.locator('.sentinel').filter({ hasText: /Nothing here|caught up/ }).waitFor();
    expect(await page.locator('article.post').count()).toBe(0); // …and the feed no longer has any of hers
    await page.close();
  });

  it('profiles list the author’s posts and can be followed', async () => {
    const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
    await signInThroughUi(page, server.url, 'cal');
    await page.goto(`${server.url}/#/u/ana`);
    await page.locator('.profile .display-name').waitFor();
    expect(await page.locator('.profile .handle').textContent()).toBe('@ana');
    await expect.poll(() => page.locator('article.post').count()).toBe(2);
    await page.getByRole('button', { name: 'Follow' }).click();
    await expect.poll(() => page.locator('.follow').textContent()).toBe('Following');
    expect((await ana.request<{ followers: number }>('GET', '/api/users/ana')).followers).toBe(1);
    await page.close();
  });

  it('a teen whose guardian set a daily limit sees the feed stop there', async () => {
    const teen = await server.user('teen_kid', { accountType: 'teen' });
    const parent = await server.user('parent');
    const link = await parent.request<{ id: string }>('POST', '/api/guardian/links', { teenHandle: 'teen_kid' });
    await teen.request('POST', `/api/guardian/links/${link.id}/confirm`);
    await parent.request('PATCH', '/api/guardian/teens/teen_kid/settings', { dailyViewLimit: 1 });

    const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
    await signInThroughUi(page, server.url, 'teen_kid');
    await page.locator('.limit-reached').waitFor();
    expect(await page.locator('article.post').count()).toBe(1);
    expect(await page.locator('.limit-reached').textContent()).toContain('limit of 1 posts');
    expect(await page.getByRole('button', { name: 'Latest' }).getAttribute('aria-pressed')).toBe('true'); // not personalised
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'teen-limit.png') });
    await page.close();
  });

  it('parental controls in the UI: a guardian links a teen, the teen confirms, the guardian sets a limit, the teen unlinks', async () => {
    await server.user('mum');
    await server.user('sam_teen', { accountType: 'teen' });
    const guardian = await browser.newPage({ viewport: { width: 480, height: 900 } });
    const teen = await browser.newPage({ viewport: { width: 480, height: 900 } });
    await signInThroughUi(guardian, server.url, 'mum');
    await signInThroughUi(teen, server.url, 'sam_teen');

    await guardian.goto(`${server.url}/#/settings`);
    await guardian.getByLabel('Teen handle').fill('sam_teen');
    await guardian.getByRole('button', { name: 'Ask to link' }).click();
    await guardian.getByText('Teen @sam_teen · pending').waitFor();

    await teen.goto(`${server.url}/#/settings`);
    await teen.getByText('@mum asked to be your guardian.').waitFor();
    expect(await teen.getByRole('form', { name: 'Your feed settings' }).getByRole('button', { name: 'Save' }).count()).toBe(0); // teens cannot loosen their own
    await teen.getByRole('button', { name: 'Confirm' }).click();
    await teen.getByText('Guardian @mum · active').waitFor();

    await guardian.reload();
    const teenForm = guardian.getByRole('form', { name: 'Settings for @sam_teen' });
    await teenForm.getByLabel('Daily limit').fill('1');
    await teenForm.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => guardian.locator('#toast').textContent()).toBe('Saved.');
    await guardian.screenshot({ path: path.join(SCREENSHOT_DIR, 'guardian-settings.png') });

    // The teen already saw both posts when signing in, so a limit of 1 means nothing more today.
    await teen.goto(`${server.url}/#/`);
    await teen.locator('.limit-reached').waitFor();
    expect(await teen.locator('.limit-reached').textContent()).toContain('limit of 1 posts');
    expect(await teen.locator('article.post').count()).toBe(0);

    await teen.goto(`${server.url}/#/settings`);
    await teen.getByRole('button', { name: 'Unlink' }).click();
    await teen.getByText('No guardian links.').waitFor();
    await guardian.goto(`${server.url}/#/`);
    await guardian.goto(`${server.url}/#/settings`);
    await guardian.getByText('@sam_teen removed your guardian link.').waitFor();
    await guardian.close();
    await teen.close();
  });
});
