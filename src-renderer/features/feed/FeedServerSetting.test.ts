import { describe, expect, it } from 'vitest';
import { feedServerProblem } from './FeedServerSetting';

describe('feed server setting', () => {
  it('accepts empty (the local feed) and http(s) addresses, and says what is wrong with anything else', () => {
    expect(feedServerProblem('')).toBeNull();
    expect(feedServerProblem('  https://feed.example.org ')).toBeNull();
    expect(feedServerProblem('http://192.168.1.20:8787')).toBeNull();
    expect(feedServerProblem('feed.example.org')).toMatch(/not a web address/);
    expect(feedServerProblem('ftp://feed.example.org')).toMatch(/not ftp:/);
  });
});
