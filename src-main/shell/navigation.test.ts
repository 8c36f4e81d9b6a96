import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp';
import { classifyNavigation } from './navigation';

describe('classifyNavigation', () => {
  const app = { origins: ['scenecast-app://app'] };
  it.each([
    ['scenecast-app://app/index.html', 'app'],
    ['scenecast-app://app/#/projects', 'app'],
    ['https://scenecast.dev/docs', 'external'],
    ['http://example.com', 'external'],
    ['scenecast-app://evil/index.html', 'refuse'],
    ['file:///etc/passwd', 'refuse'],
    ['javascript:alert(1)', 'refuse'],
    ['data:text/html,<script>1</script>', 'refuse'],
    ['scenecast-media://local/home/ada/x.mp4', 'refuse'],
    ['not a url', 'refuse'],
  ])('%s → %s', (url, verdict) => {
    expect(classifyNavigation(url, app)).toBe(verdict);
  });

  it('treats the dev server as an app page only when it is listed', () => {
    expect(classifyNavigation('http://localhost:5173/', app)).toBe('external');
    expect(classifyNavigation('http://localhost:5173/', { origins: ['http://localhost:5173'] })).toBe('app');
  });
});

describe('contentSecurityPolicy', () => {
  it('is strict in production: no inline or eval script, nothing remote, no frames or plugins', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("media-src 'self' blob: scenecast-media:");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:/);
  });

  it('relaxes only for the given dev server', () => {
    const csp = contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' });
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).toContain('connect-src \'self\' scenecast-media: http://localhost:5173 ws://localhost:5173');
  });
});
