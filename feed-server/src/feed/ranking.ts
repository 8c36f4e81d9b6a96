/**
 * Feed ranking: pure functions over plain data, so the rules are easy to test with fixed inputs.
 *
 * A post's score adds up a few readable parts (recency, follows, the viewer's affinity for the author, how much the
 * viewer tends to finish that author's videos, popularity, overall watch completion, "see less like this", and the
 * viewer's typed steering). Then a diversity pass makes sure no author appears twice in a row when it can be avoided.
 */

export interface RankCandidate {
  id: string;
  authorId: string;
  createdAt: number;
  title: string;
  prompt: string;
  likeCount: number;
  remixCount: number;
  viewCount: number;
  completionSum: number;
}

export interface ViewerSignals {
  followedAuthors: ReadonlySet<string>;
  /** How many of an author's posts the viewer liked or remixed. */
  authorAffinity: ReadonlyMap<string, number>;
  /** The viewer's mean watch completion (0..1) over an author's posts. */
  authorCompletion: ReadonlyMap<string, number>;
  /** How many times the viewer said "see less like this" to an author's posts. */
  seeLessAuthors: ReadonlyMap<string, number>;
  /** Terms from posts the viewer asked to see less of, with counts. */
  seeLessTerms: ReadonlyMap<string, number>;
}

export interface Steering {
  more: string[];
  less: string[];
}

export const NO_SIGNALS: ViewerSignals = {
  followedAuthors: new Set(),
  authorAffinity: new Map(),
  authorCompletion: new Map(),
  seeLessAuthors: new Map(),
  seeLessTerms: new Map(),
};

export const WEIGHTS = {
  recency: 3,
  recencyHalfLifeHours: 36,
  follow: 2,
  affinity: 0.6,
  authorCompletion: 1,
  popularity: 0.4,
  completion: 1,
  minViewsForCompletion: 3,
  seeLessAuthor: 2.5,
  seeLessTerm: 0.4,
  seeLessTermCap: 2,
  steerMore: 1.5,
  steerLess: 3,
} as const;

const STOPWORDS = new Set([
  'a', 'an', 'the', 'of', 'and', 'or', 'with', 'in', 'on', 'at', 'to', 'for', 'by', 'is', 'it', 'my', 'me', 'i', 'please',
  'like', 'stuff', 'things', 'video', 'videos', 'clip', 'clips', 'some', 'any', 'lot', 'lots', 'much', 'many',
]);

/** Crude English stemming, enough that "cars" matches "car" and "beaches" matches "beach". */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(ches|shes|sses|xes|zes)$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

export function terms(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOPWORDS.has(w)).map(stem);
}

const MORE_WORDS = new Set(['more', 'extra']);
const LESS_WORDS = new Set(['less', 'fewer', 'no', 'without', 'not', 'stop', 'avoid']);

/** "more ocean, less cars" → { more: ['ocean'], less: ['car'] }. A clause without a keyword keeps the last polarity. */
export function parseSteering(text: string): Steering {
  const steering: Steering = { more: [], less: [] };
  let polarity: 'more' | 'less' = 'more';
  for (const clause of text.toLowerCase().split(/[,;.!\n]+|\band\b|\bbut\b/)) {
    const words = clause.match(/[\p{L}\p{N}]+/gu) ?? [];
    for (const word of words) {
      if (MORE_WORDS.has(word)) polarity = 'more';
      else if (LESS_WORDS.has(word)) polarity = 'less';
      else if (!STOPWORDS.has(word)) {
        const term = stem(word);
        const list = steering[polarity];
        if (!list.includes(term)) list.push(term);
      }
    }
  }
  return steering;
}

export interface ScoreParts {
  recency: number;
  follow: number;
  affinity: number;
  authorCompletion: number;
  popularity: number;
  completion: number;
  seeLess: number;
  steering: number;
}

/** Remembers each post's term set (keyed by id, checked against its text) so ranking does not re-tokenize every time. */
export class TermCache {
  private readonly entries = new Map<string, { text: string; terms: ReadonlySet<string> }>();
  constructor(private readonly capacity: number) {}

  termsOf(post: Pick<RankCandidate, 'id' | 'title' | 'prompt'>): ReadonlySet<string> {
    const text = `${post.title} ${post.prompt}`;
    const hit = this.entries.get(post.id);
    if (hit && hit.text === text) return hit.terms;
    const fresh = new Set(terms(text));
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(post.id, { text, terms: fresh });
    return fresh;
  }
}

export function scorePost(
  post: RankCandidate,
  signals: ViewerSignals,
  steering: Steering,
  now: number,
  cache?: TermCache,
): { score: number; parts: ScoreParts } {
  const ageHours = Math.max(0, now - post.createdAt) / 3_600_000;
  const postTerms = cache ? cache.termsOf(post) : new Set(terms(`${post.title} ${post.prompt}`));
  const completionRate = post.viewCount >= WEIGHTS.minViewsForCompletion ? post.completionSum / post.viewCount : 0.5;
  const authorCompletion = signals.authorCompletion.get(post.authorId);
  let seeLessTerms = 0;
  for (const t of postTerms) seeLessTerms += signals.seeLessTerms.get(t) ?? 0;
  let steer = 0;
  for (const t of steering.more) if (postTerms.has(t)) steer += WEIGHTS.steerMore;
  for (const t of steering.less) if (postTerms.has(t)) steer -= WEIGHTS.steerLess;

  const parts: ScoreParts = {
    recency: WEIGHTS.recency * Math.pow(0.5, ageHours / WEIGHTS.recencyHalfLifeHours),
    follow: signals.followedAuthors.has(post.authorId) ? WEIGHTS.follow : 0,
    affinity: WEIGHTS.affinity * Math.log1p(signals.authorAffinity.get(post.authorId) ?? 0),
    authorCompletion: authorCompletion === undefined ? 0 : WEIGHTS.authorCompletion * (authorCompletion - 0.5),
    popularity: WEIGHTS.popularity * Math.log1p(post.likeCount + 2 * post.remixCount),
    completion: WEIGHTS.completion * (completionRate - 0.5),
    seeLess:
      -WEIGHTS.seeLessAuthor * (signals.seeLessAuthors.get(post.authorId) ?? 0) -
      Math.min(WEIGHTS.seeLessTermCap, WEIGHTS.seeLessTerm * seeLessTerms),
    steering: steer,
  };
  const score = Object.values(parts).reduce((a, b) => a + b, 0);
  return { score, parts };
}

/**
 * Reorders so that no author appears twice in a row, keeping the order otherwise (greedy, stable). The greedy choice
 * never looks back, so the first `take` items are the same whether or not the rest is computed.
 */
export function diversify<T extends { authorId: string }>(ordered: readonly T[], take = ordered.length): T[] {
  const pending = [...ordered];
  const out: T[] = [];
  while (pending.length > 0 && out.length < take) {
    const last = out.at(-1)?.authorId;
    let index = pending.findIndex((p) => p.authorId !== last);
    if (index === -1) index = 0; // only that author is left
    out.push(pending.splice(index, 1)[0]!);
  }
  return out;
}

export function rankFeed<T extends RankCandidate>(
  candidates: readonly T[],
  signals: ViewerSignals,
  steering: Steering,
  now: number,
  cache?: TermCache,
  take = candidates.length,
): T[] {
  const scored = candidates.map((c) => ({ c, authorId: c.authorId, score: scorePost(c, signals, steering, now, cache).score }));
  scored.sort((a, b) => b.score - a.score || b.c.createdAt - a.c.createdAt || (a.c.id < b.c.id ? -1 : 1));
  return diversify(scored, take).map((s) => s.c);
}
