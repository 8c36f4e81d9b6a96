import { describe, expect, it } from 'vitest';
import { classifyFeedNavigation, urlForLog } from './feedNavigation.js';

describe('feed view navigation', () => {
  const feed = 'http://127.0.0.1:41000';
  it('keeps the feed origin in the view and sends other web links to the browser', () => {
    expect(classifyFeedNavigation('http://127.0.0.1:41000/#/u/ana', feed)).toBe('feed');
    expect(classifyFeedNavigation('http://127.0.0.1:41001/', feed)).toBe('external');
    expect(classifyFeedNavigation('https://example.org/', feed)).toBe('external');
    expect(classifyFeedNavigation('https://127.0.0.1:41000/', feed)).toBe('external');
  });
  it('refuses other schemes, userinfo and garbage', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'scenecast-app://app/', 'data:text/html,hi', 'http://127.0.0.1:41000@evil.example/', 'not a url']) {
      expect(classifyFeedNavigation(url, feed), url).toBe('refuse');
    }
  });
  it('logs a URL without what may carry a secret', () => {
    expect(urlForLog('http://user:pw@evil.example/a/b?token=x#handoff=y')).toBe('http://evil.example/a/b');
    expect(urlForLog('https://example.org')).toBe('https://example.org/');
    expect(urlForLog('javascript:alert(document.cookie)')).toBe('javascript:…');
    expect(urlForLog('data:text/html,<script>')).toBe('data:…');
    expect(urlForLog('file:///etc/passwd')).toBe('file:…');
    expect(urlForLog('not a url')).toBe('(not a URL)');
  });
});
