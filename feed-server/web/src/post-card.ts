import { api, ApiError, type Post } from './api.js';
import { commentsPanel } from './comments.js';
import { formatCount, h, toast } from './dom.js';
import { state } from './state.js';
import { provenanceDetails } from './provenance.js';
import { sendRemixToStudio } from './studio.js';

const REPORT_REASONS: [string, string][] = [
  ['spam', 'Spam'],
  ['harassment', 'Harassment'],
  ['sexual_content', 'Sexual content'],
  ['violence', 'Violence'],
  ['impersonation', 'Impersonation'],
  ['cameo_misuse', 'Uses my likeness without consent'],
  ['other', 'Something else'],
];

function needSignIn(): boolean {
  if (state.me) return false;
  location.hash = '#/signin';
  return true;
}

function failed(error: unknown): void {
  toast(error instanceof ApiError ? error.message : 'Something went wrong; try again.');
}

/** Plays when mostly on screen, pauses otherwise; reports how much was watched. */
const visibility = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      const video = entry.target as HTMLVideoElement;
      if (entry.isIntersecting) void video.play().catch(() => undefined);
      else video.pause();
    }
  },
  { threshold: 0.6 },
);

export function postCard(post: Post): HTMLElement {
  const video = h('video', {
    class: 'video',
    src: post.videoUrl,
    poster: post.posterUrl,
    preload: 'metadata',
    playsinline: true,
    loop: true,
    'aria-label': post.title,
  });
  video.muted = true; // autoplay is only allowed muted; a tap turns the sound on
  const sound = h('button', { type: 'button', class: 'sound', 'aria-label': 'Tap for sound' }, 'Sound off');
  const toggleSound = () => {
    video.muted = !video.muted;
    sound.textContent = video.muted ? 'Sound off' : 'Sound on';
    if (video.paused) void video.play().catch(() => undefined);
  };
  video.addEventListener('click', toggleSound);
  sound.addEventListener('click', toggleSound);
  visibility.observe(video);

  let watched = 0;
  let reported = 0;
  const reportWatch = () => {
    if (!state.me || watched - reported < 0.25) return;
    reported = watched;
    void api.view(post.id, Math.min(1, watched)).catch(() => undefined);
  };
  video.addEventListener('timeupdate', () => {
    if (video.duration > 0) watched = Math.max(watched, video.currentTime / video.duration);
    if (video.currentTime / video.duration > 0.95) watched = 1;
  });
  video.addEventListener('pause', reportWatch);

  const likeCount = h('span', { class: 'count' }, formatCount(post.likeCount));
  let liked = post.viewerLiked;
  const likeButton = h('button', { type: 'button', class: 'action like', 'aria-pressed': String(liked) }, 'Like ', likeCount);
  likeButton.addEventListener('click', () => {
    if (needSignIn()) return;
    api
      .like(post.id, !liked)
      .then((r) => {
        liked = !liked;
        likeButton.setAttribute('aria-pressed', String(liked));
        likeCount.textContent = formatCount(r.likeCount);
      })
      .catch(failed);
  });

  let commentTotal = post.commentCount;
  const commentCount = h('span', { class: 'count' }, formatCount(commentTotal));
  const commentButton = h('button', { type: 'button', class: 'action comment-toggle', 'aria-expanded': 'false' }, 'Comments ', commentCount);
  let panel: HTMLElement | undefined;
  commentButton.addEventListener('click', () => {
    if (panel) {
      panel.remove();
      panel = undefined;
      commentButton.setAttribute('aria-expanded', 'false');
      return;
    }
    panel = commentsPanel(post.id, post.author.id, (delta) => {
      commentTotal += delta;
      commentCount.textContent = formatCount(commentTotal);
    });
    commentButton.setAttribute('aria-expanded', 'true');
    card.append(panel);
  });

  const remixButton = h('button', { type: 'button', class: 'action remix' }, 'Remix');
  remixButton.addEventListener('click', () => {
    if (needSignIn()) return;
    api
      .remix(post.id)
      .then((seed) => {
        // Inside the studio's sidebar the studio opens a new project from the seed.
        sendRemixToStudio(seed);
        toast(`Remix ready: “${seed.title}”. Its prompt and storyboard go to a new project in the studio.`);
      })
      .catch(failed);
  });

  const reasons = h('select', { name: 'reason', 'aria-label': 'Reason' }, ...REPORT_REASONS.map(([value, label]) => h('option', { value }, label)));
  const reportForm = h('form', { class: 'report-form', hidden: true }, reasons, h('button', { type: 'submit' }, 'Send report'));
  reportForm.addEventListener('submit', (event) => {
    event.preventDefault();
    api
      .report(post.id, reasons.value)
      .then(() => {
        reportForm.hidden = true;
        toast('Thanks, the report was sent.');
      })
      .catch(failed);
  });
  const more = h(
    'div',
    { class: 'more' },
    h('button', { type: 'button', class: 'link', onclick: () => !needSignIn() && void api.seeLess(post.id).then(() => toast('You will see less like this.'), failed) }, 'See less like this'),
    h('button', { type: 'button', class: 'link', onclick: () => !needSignIn() && (reportForm.hidden = !reportForm.hidden) }, 'Report'),
    state.me && state.me.id !== post.author.id
      ? h(
          'button',
          {
            type: 'button',
            class: 'link',
            onclick: () =>
              void api.block(post.author.handle).then(() => {
                for (const other of document.querySelectorAll(`article.post[data-author-id="${CSS.escape(post.author.id)}"]`)) other.remove();
                toast(`Blocked @${post.author.handle}.`);
              }, failed),
          },
          `Block @${post.author.handle}`,
        )
      : null,
    reportForm,
  );

  const card = h(
    'article',
    { class: 'post', 'data-post-id': post.id, 'data-author-id': post.author.id },
    h('div', { class: 'stage' }, video, sound),
    h(
      'div',
      { class: 'meta' },
      h('a', { class: 'author', href: `#/u/${encodeURIComponent(post.author.handle)}` }, `@${post.author.handle}`),
      h('h2', { class: 'title' }, post.title),
      post.prompt ? h('p', { class: 'prompt' }, post.prompt) : null,
      provenanceDetails(post.provenance),
    ),
    h('div', { class: 'actions' }, likeButton, commentButton, remixButton),
    more,
  );
  return card;
}
