import { api, ApiError } from './api.js';
import { clear, h, toast } from './dom.js';
import { state } from './state.js';

/** The comment panel under a post: list (plain text only) and, when signed in, a form to add one. */
export function commentsPanel(postId: string, postAuthorId: string, onCount: (delta: number) => void): HTMLElement {
  const list = h('ol', { class: 'comment-list' });
  const panel = h('section', { class: 'comments', 'aria-label': 'Comments' }, list);

  async function load(): Promise<void> {
    clear(list);
    const comments = await api.comments(postId);
    if (comments.length === 0) list.append(h('li', { class: 'empty' }, 'No comments yet.'));
    for (const c of comments) {
      const mayDelete = state.me && (state.me.id === c.author.id || state.me.id === postAuthorId);
      const item = h(
        'li',
        { class: 'comment' },
        h('a', { class: 'comment-author', href: `#/u/${encodeURIComponent(c.author.handle)}` }, `@${c.author.handle}`),
        h('span', { class: 'comment-body' }, c.body),
      );
      if (mayDelete) {
        item.append(
          h('button', {
            type: 'button',
            class: 'link',
            onclick: () => {
              void api.deleteComment(c.id).then(() => {
                item.remove();
                onCount(-1);
              });
            },
          }, 'Delete'),
        );
      }
      list.append(item);
    }
  }

  if (state.me) {
    const input = h('input', { name: 'body', type: 'text', maxlength: '2000', placeholder: 'Add a comment', 'aria-label': 'Comment', required: true });
    const form = h('form', { class: 'comment-form' }, input, h('button', { type: 'submit' }, 'Post'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const body = input.value.trim();
      if (!body) return;
      api
        .comment(postId, body)
        .then(() => {
          input.value = '';
          onCount(1);
          return load();
        })
        .catch((error: unknown) => toast(error instanceof ApiError ? error.message : 'Could not post the comment.'));
    });
    panel.append(form);
  } else {
    panel.append(h('p', { class: 'hint' }, h('a', { href: '#/signin' }, 'Sign in'), ' to comment.'));
  }
  void load().catch(() => toast('Could not load comments.'));
  return panel;
}
