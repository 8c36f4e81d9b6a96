/** The studio session's permission decisions (permissions.ts), as windows.ts hands them Electron's requests and checks. */
import { describe, expect, it } from 'vitest';
import { grantPermissionCheck, grantPermissionRequest } from './permissions';
import type { PermissionCheckFacts, PermissionRequestFacts } from './permissions';

const app = { origins: ['scenecast-app://app'] };
const page = 'scenecast-app://app/index.html';
const cameraAndMic: PermissionRequestFacts = { permission: 'media', requestingUrl: page, isMainFrame: true, mediaTypes: ['video', 'audio'], securityOrigin: 'scenecast-app://app/' };
const micCheck: PermissionCheckFacts = { permission: 'media', requestingOrigin: 'scenecast-app://app/', isMainFrame: true, requestingUrl: page, mediaType: 'audio', securityOrigin: 'scenecast-app://app/' };

describe('grantPermissionRequest', () => {
  it('lets the studio page use the camera and the microphone, together or alone', () => {
    expect(grantPermissionRequest(cameraAndMic, app)).toBe(true);
    expect(grantPermissionRequest({ ...cameraAndMic, mediaTypes: ['video'] }, app)).toBe(true);
    expect(grantPermissionRequest({ ...cameraAndMic, mediaTypes: ['audio'], securityOrigin: undefined }, app)).toBe(true);
  });

  it('refuses them to other origins, to subframes and to a request whose origins disagree', () => {
    for (const requestingUrl of ['https://feed.example/', 'http://127.0.0.1:4100/', 'scenecast-app://evil/index.html', 'scenecast-media://local/x.mp4', 'file:///tmp/x.html', 'data:text/html,x', 'not a url', '']) {
      expect(grantPermissionRequest({ ...cameraAndMic, requestingUrl, securityOrigin: undefined }, app), requestingUrl).toBe(false);
    }
    expect(grantPermissionRequest({ ...cameraAndMic, isMainFrame: false }, app)).toBe(false);
    expect(grantPermissionRequest({ ...cameraAndMic, securityOrigin: 'https://feed.example' }, app)).toBe(false);
  });

  it('refuses a media request that names no device or something besides camera and microphone', () => {
    expect(grantPermissionRequest({ ...cameraAndMic, mediaTypes: undefined }, app)).toBe(false);
    expect(grantPermissionRequest({ ...cameraAndMic, mediaTypes: [] }, app)).toBe(false);
    expect(grantPermissionRequest({ ...cameraAndMic, mediaTypes: ['video', 'screen'] }, app)).toBe(false);
  });

  it('keeps every other permission denied, even for the studio page (screen capture among them)', () => {
    for (const permission of ['display-capture', 'geolocation', 'notifications', 'clipboard-read', 'midi', 'hid', 'usb', 'serial', 'openExternal', 'pointerLock', 'unknown']) {
      expect(grantPermissionRequest({ ...cameraAndMic, permission }, app), permission).toBe(false);
    }
  });

  it('still grants fullscreen and clipboard writes, as before', () => {
    expect(grantPermissionRequest({ permission: 'fullscreen', requestingUrl: page, isMainFrame: true }, app)).toBe(true);
    expect(grantPermissionRequest({ permission: 'clipboard-sanitized-write', requestingUrl: page, isMainFrame: true }, app)).toBe(true);
  });

  it('grants the dev server only when it is one of the app origins (a development run)', () => {
    const dev = { ...cameraAndMic, requestingUrl: 'http://localhost:5173/', securityOrigin: 'http://localhost:5173/' };
    expect(grantPermissionRequest(dev, app)).toBe(false);
    expect(grantPermissionRequest(dev, { origins: ['scenecast-app://app', 'http://localhost:5173'] })).toBe(true);
  });
});

describe('grantPermissionCheck', () => {
  it('answers yes for the studio page\'s camera and microphone', () => {
    expect(grantPermissionCheck(micCheck, app)).toBe(true);
    expect(grantPermissionCheck({ ...micCheck, mediaType: 'video', requestingUrl: undefined, securityOrigin: undefined }, app)).toBe(true);
  });

  it('answers no for other origins, subframes, embedded frames and unknown media', () => {
    expect(grantPermissionCheck({ ...micCheck, requestingOrigin: 'https://feed.example/' }, app)).toBe(false);
    expect(grantPermissionCheck({ ...micCheck, requestingUrl: 'https://feed.example/' }, app)).toBe(false);
    expect(grantPermissionCheck({ ...micCheck, securityOrigin: 'https://feed.example' }, app)).toBe(false);
    expect(grantPermissionCheck({ ...micCheck, isMainFrame: false }, app)).toBe(false);
    expect(grantPermissionCheck({ ...micCheck, embeddingOrigin: 'scenecast-app://app' }, app)).toBe(false);
    expect(grantPermissionCheck({ ...micCheck, mediaType: 'unknown' }, app)).toBe(false);
    expect(grantPermissionCheck({ ...micCheck, mediaType: undefined }, app)).toBe(false);
  });

  it('answers no for every other permission but fullscreen and clipboard writes', () => {
    expect(grantPermissionCheck({ ...micCheck, permission: 'geolocation' }, app)).toBe(false);
    expect(grantPermissionCheck({ ...micCheck, permission: 'display-capture' }, app)).toBe(false);
    expect(grantPermissionCheck({ ...micCheck, permission: 'fullscreen' }, app)).toBe(true);
  });
});
