import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaUrlFor } from '../ipc/mediaUrl';
import type { ShellLog } from './log';
import { APP_ORIGIN, appFileHandler, mediaHandler } from './protocolHandlers';

let dir: string;
let rendererDir: string;
let projects: string;
let models: string;
const warnings: string[] = [];
const log: ShellLog = { info: () => {}, warn: (m) => warnings.push(m), error: () => {} };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'scenecast-protocols-'));
  rendererDir = path.join(dir, 'out', 'renderer');
  projects = path.join(dir, 'data', 'projects');
  models = path.join(dir, 'models');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(path.join(rendererDir, 'assets', 'main.js'), 'console.log(1)');
  await mkdir(path.join(projects, 'Trailer', 'renders'), { recursive: true });
  await writeFile(path.join(projects, 'Trailer', 'renders', 'take 1.mp4'), Buffer.alloc(4096, 7));
  await mkdir(models, { recursive: true });
  await writeFile(path.join(dir, 'data', 'settings.json'), '{}');
  await symlink(path.join(dir, 'data', 'settings.json'), path.join(projects, 'Trailer', 'sneaky.mp4'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('app protocol', () => {
  const handle = () => appFileHandler({ rendererDir, csp: "default-src 'none'" });

  it('serves index.html for / and client-side routes, with the CSP header', async () => {
    for (const url of [`${APP_ORIGIN}/`, `${APP_ORIGIN}/index.html`, `${APP_ORIGIN}/projects/trailer`]) {
      const response = await handle()(new Request(url));
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'");
      expect(await response.text()).toContain('id="root"');
    }
  });

  it('serves built assets and 404s missing ones', async () => {
    const script = await handle()(new Request(`${APP_ORIGIN}/assets/main.js`));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await handle()(new Request(`${APP_ORIGIN}/assets/missing.js`))).status).toBe(404);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const url of [
      `${APP_ORIGIN}/../data/settings.json`,
      `${APP_ORIGIN}/%2e%2e/%2e%2e/data/settings.json`,
      `${APP_ORIGIN}/..%2f..%2fdata%2fsettings.json`,
    ]) {
      const response = await handle()(new Request(url));
      expect(await response.text(), url).not.toBe('{}');
    }
    expect((await handle()(new Request('scenecast-app://elsewhere/index.html'))).status).toBe(404);
  });
});

describe('media protocol', () => {
  const handle = () => mediaHandler({ roots: () => [projects, models], appOrigins: [APP_ORIGIN], log });
  const take = () => path.join(projects, 'Trailer', 'renders', 'take 1.mp4');

  it('serves a render inside the projects folder, with ranges', async () => {
    const whole = await handle()(new Request(mediaUrlFor(take())));
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect((await whole.arrayBuffer()).byteLength).toBe(4096);
    const part = await handle()(new Request(mediaUrlFor(take()), { headers: { Range: 'bytes=4000-' } }));
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 4000-4095/4096');
  });

  it('allows fetch() from the app origin only (CORS)', async () => {
    const fromApp = await handle()(new Request(mediaUrlFor(take()), { method: 'HEAD', headers: { Origin: APP_ORIGIN } }));
    expect(fromApp.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const fromElsewhere = await handle()(new Request(mediaUrlFor(take()), { method: 'HEAD', headers: { Origin: 'https://evil.example' } }));
    expect(fromElsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses files outside the allowed roots, traversal and symlink escapes, and logs why', async () => {
    warnings.length = 0;
    const settingsFile = path.join(dir, 'data', 'settings.json');
    expect((await handle()(new Request(mediaUrlFor(settingsFile)))).status).toBe(403);
    const traversal = `scenecast-media://local${path.join(projects, 'Trailer')}/../../settings.json`;
    expect((await handle()(new Request(traversal))).status).toBe(403);
    expect((await handle()(new Request(mediaUrlFor(path.join(projects, 'Trailer', 'sneaky.mp4'))))).status).toBe(403);
    expect((await handle()(new Request(mediaUrlFor(path.join(projects, 'gone.mp4'))))).status).toBe(404);
    expect((await handle()(new Request('scenecast-media://other/x.mp4'))).status).toBe(400);
    expect(warnings).toHaveLength(4);
    expect(warnings[2]).toMatch(/links outside the allowed folders/);
  });

  it('reads the roots on every request (a changed projects folder applies at once)', async () => {
    let roots = [models];
    const dynamic = mediaHandler({ roots: () => roots, appOrigins: [], log });
    expect((await dynamic(new Request(mediaUrlFor(take()), { method: 'HEAD' }))).status).toBe(403);
    roots = [projects];
    expect((await dynamic(new Request(mediaUrlFor(take()), { method: 'HEAD' }))).status).toBe(200);
  });
});
