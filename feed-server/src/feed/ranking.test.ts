import { describe, expect, it } from 'vitest';
import { NO_SIGNALS, TermCache, diversify, parseSteering, rankFeed, scorePost, stem, terms, type RankCandidate, type ViewerSignals } from './ranking.js';

const NOW = Date.UTC(2026, 0, 10, 12);
const HOUR = 3_600_000;

function post(id: string, authorId: string, hoursAgo: number, extra: Partial<RankCandidate> = {}): RankCandidate {
  return {
    id,
    authorId,
    createdAt: NOW - hoursAgo * HOUR,
    title: `post ${id}`,
    prompt: '',
    likeCount: 0,
    remixCount: 0,
    viewCount: 0,
    completionSum: 0,
    ...extra,
  };
}

const signals = (s: Partial<ViewerSignals>): ViewerSignals => ({ ...NO_SIGNALS, ...s });
const ids = (posts: readonly RankCandidate[]) => posts.map((p) => p.id);

describe('steering text', () => {
  it('turns "more ocean, less cars" into term weights', () => {
    expect(parseSteering('more ocean, less cars')).toEqual({ more: ['ocean'], less: ['car'] });
  });
  it('keeps polarity across "and" and handles fewer/no', () => {
    expect(parseSteering('More beaches and sunsets; fewer explosions, no cats please')).toEqual({
      more: ['beach', 'sunset'],
      less: ['explosion', 'cat'],
    });
  });
  it('stems plurals without mangling short words', () => {
    expect(['cars', 'cities', 'glass', 'bus', 'foxes'].map(stem)).toEqual(['car', 'city', 'glass', 'bus', 'fox']);
    expect(terms('The Cars of the CITY!')).toEqual(['car', 'city']);
  });
  it('empty text steers nothing', () => {
    expect(parseSteering('')).toEqual({ more: [], less: [] });
  });
});

describe('scoring', () => {
  it('prefers newer posts when nothing else differs', () => {
    const ranked = rankFeed([post('old', 'a', 48), post('new', 'b', 1), post('mid', 'c', 10)], NO_SIGNALS, { more: [], less: [] }, NOW);
    expect(ids(ranked)).toEqual(['new', 'mid', 'old']);
  });
  it('lifts followed authors above slightly newer strangers', () => {
    const ranked = rankFeed([post('stranger', 'x', 1), post('friend', 'f', 6)], signals({ followedAuthors: new Set(['f']) }), { more: [], less: [] }, NOW);
    expect(ids(ranked)).toEqual(['friend', 'stranger']);
  });
  it('uses likes/remixes affinity and watch completion per author', () => {
    const s = signals({ authorAffinity: new Map([['liked', 5]]), authorCompletion: new Map([['finished', 1], ['skipped', 0]]) });
    const ranked = rankFeed([post('p-skip', 'skipped', 1), post('p-fin', 'finished', 1), post('p-like', 'liked', 1)], s, { more: [], less: [] }, NOW);
    expect(ids(ranked)).toEqual(['p-like', 'p-fin', 'p-skip']);
  });
  it('counts overall watch completion only once a post has enough views', () => {
    const watched = post('watched', 'a', 2, { viewCount: 10, completionSum: 9.5 });
    const abandoned = post('abandoned', 'b', 2, { viewCount: 10, completionSum: 0.5 });
    const fresh = post('fresh', 'c', 2, { viewCount: 1, completionSum: 0 });
    expect(ids(rankFeed([abandoned, fresh, watched], NO_SIGNALS, { more: [], less: [] }, NOW))).toEqual(['watched', 'fresh', 'abandoned']);
  });
  it('popular posts (likes, remixes count double) rise', () => {
    const a = scorePost(post('a', 'a', 5, { likeCount: 10 }), NO_SIGNALS, { more: [], less: [] }, NOW);
    const b = scorePost(post('b', 'b', 5, { remixCount: 10 }), NO_SIGNALS, { more: [], less: [] }, NOW);
    expect(b.parts.popularity).toBeGreaterThan(a.parts.popularity);
    expect(a.parts.popularity).toBeGreaterThan(0);
  });
  it('"see less like this" sinks the author and similar posts', () => {
    const s = signals({ seeLessAuthors: new Map([['loud', 1]]), seeLessTerms: new Map([['explosion', 1]]) });
    const ranked = rankFeed(
      [post('loud1', 'loud', 1), post('boom', 'other', 1, { title: 'big explosion' }), post('calm', 'calm', 3)],
      s,
      { more: [], less: [] },
      NOW,
    );
    expect(ids(ranked)).toEqual(['calm', 'boom', 'loud1']);
  });
  it('follows typed steering over title and prompt', () => {
    const posts = [
      post('cars', 'a', 1, { title: 'Night drive', prompt: 'neon cars racing' }),
      post('ocean', 'b', 20, { title: 'Waves', prompt: 'the ocean at dawn' }),
      post('forest', 'c', 5, { title: 'Forest walk', prompt: 'mossy trees' }),
    ];
    expect(ids(rankFeed(posts, NO_SIGNALS, { more: [], less: [] }, NOW))).toEqual(['cars', 'forest', 'ocean']);
    expect(ids(rankFeed(posts, NO_SIGNALS, parseSteering('more ocean, less cars'), NOW))).toEqual(['ocean', 'forest', 'cars']);
  });
});

describe('diversity', () => {
  it('never shows the same author twice in a row when another is available', () => {
    const posts = [post('a1', 'a', 1), post('a2', 'a', 2), post('a3', 'a', 3), post('b1', 'b', 4), post('c1', 'c', 5)];
    const ranked = rankFeed(posts, signals({ followedAuthors: new Set(['a']) }), { more: [], less: [] }, NOW);
    expect(ids(ranked)).toEqual(['a1', 'b1', 'a2', 'c1', 'a3']);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i]!.authorId).not.toBe(ranked[i - 1]!.authorId);
  });
  it('falls back to the same author only when nobody else is left', () => {
    expect(diversify([{ authorId: 'a' }, { authorId: 'a' }, { authorId: 'b' }, { authorId: 'a' }]).map((p) => p.authorId)).toEqual([
      'a',
      'b',
      'a',
      'a',
    ]);
  });
});

describe('ranking a prefix', () => {
  it('the first k of a ranked feed are the same whether or not the rest is ranked', () => {
    const authors = ['a', 'a', 'a', 'b', 'c', 'b', 'a', 'd', 'd', 'e'];
    const posts = authors.map((author, i) => post(`p${i}`, author, i * 3, { likeCount: (i * 7) % 5, title: i % 2 ? 'ocean' : 'cars' }));
    const steering = parseSteering('more ocean');
    const full = ids(rankFeed(posts, NO_SIGNALS, steering, NOW));
    for (let k = 0; k <= posts.length; k++) expect(ids(rankFeed(posts, NO_SIGNALS, steering, NOW, undefined, k))).toEqual(full.slice(0, k));
  });
});

describe('term cache', () => {
  it('reuses a post’s terms until its text changes, and stays within capacity', () => {
    const cache = new TermCache(2);
    const a = post('a', 'x', 1, { title: 'Ocean cars' });
    const first = cache.termsOf(a);
    expect([...first]).toEqual(['ocean', 'car']);
    expect(cache.termsOf(a)).toBe(first);
    expect([...cache.termsOf({ ...a, title: 'Forest' })]).toEqual(['forest']);
    cache.termsOf(post('b', 'x', 1));
    cache.termsOf(post('c', 'x', 1));
    expect(cache.termsOf({ ...a, title: 'Forest' })).not.toBe(first); // evicted and recomputed
    const ranked = rankFeed([a, post('b', 'y', 1, { title: 'cars' })], NO_SIGNALS, parseSteering('less cars'), NOW, cache);
    expect(ranked).toHaveLength(2);
  });
});
