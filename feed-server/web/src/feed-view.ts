import { ApiError, type FeedPage } from './api.js';
import { h, toast } from './dom.js';
import { postCard } from './post-card.js';

/** A vertical list of posts that loads the next page when its end scrolls into view. */
export function pagedPosts(
  load: (cursor: string | null) => Promise<FeedPage>,
  emptyText: string,
  onMode?: (mode: FeedPage['mode']) => void,
): HTMLElement {
  const list = h('div', { class: 'feed', 'aria-live': 'polite' });
  const sentinel = h('div', { class: 'sentinel' }, 'Loading…');
  list.append(sentinel);
  let cursor: string | null = null;
  let loading = false;
  let done = false;
  let shown = 0;

  async function next(): Promise<void> {
    if (loading || done) return;
    loading = true;
    try {
      const page = await load(cursor);
      onMode?.(page.mode);
      for (const post of page.posts) list.insertBefore(postCard(post), sentinel);
      shown += page.posts.length;
      cursor = page.nextCursor;
      if (page.dailyLimit?.reached) {
        done = true;
        sentinel.replaceWith(
          h('div', { class: 'limit-reached' }, h('h2', {}, 'That’s all for today'), h('p', {}, `You have reached today’s limit of ${page.dailyLimit.limit} posts. Come back tomorrow.`)),
        );
      } else if (!cursor) {
        done = true;
        sentinel.textContent = shown === 0 ? emptyText : 'You’re all caught up.';
      }
    } catch (error) {
      sentinel.textContent = error instanceof ApiError ? error.message : 'Could not load the feed.';
      toast(sentinel.textContent);
      done = true;
    } finally {
      loading = false;
    }
  }

  new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) void next();
  }).observe(sentinel);
  void next();
  return list;
}
