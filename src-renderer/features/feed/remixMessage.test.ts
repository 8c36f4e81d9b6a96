import { describe, expect, it } from 'vitest';
import { remixPostId } from './remixMessage';

describe('remix messages from the feed frame', () => {
  const frame = {} as Window;
  const data = { type: 'scenecast:remix', seed: { postId: 'AbCdEfGhIjKlMnOp', title: 't' } };
  const feedUrl = 'http://127.0.0.1:4100';

  it('accepts a well-formed message from the feed origin and frame', () => {
    expect(remixPostId({ origin: 'http://127.0.0.1:4100', source: frame, data }, feedUrl, frame)).toBe('AbCdEfGhIjKlMnOp');
  });

  it('refuses other origins, other windows and malformed messages', () => {
    expect(remixPostId({ origin: 'http://127.0.0.1:4101', source: frame, data }, feedUrl, frame)).toBeNull();
    expect(remixPostId({ origin: 'http://evil.example', source: frame, data }, feedUrl, frame)).toBeNull();
    expect(remixPostId({ origin: 'http://127.0.0.1:4100', source: {} as Window, data }, feedUrl, frame)).toBeNull();
    expect(remixPostId({ origin: 'http://127.0.0.1:4100', source: frame, data }, feedUrl, null)).toBeNull();
    expect(remixPostId({ origin: 'http://127.0.0.1:4100', source: frame, data: { ...data, seed: { postId: '../../x' } } }, feedUrl, frame)).toBeNull();
    expect(remixPostId({ origin: 'http://127.0.0.1:4100', source: frame, data: 'scenecast:remix' }, feedUrl, frame)).toBeNull();
    expect(remixPostId({ origin: 'null', source: frame, data }, 'not a url', frame)).toBeNull();
  });
});
