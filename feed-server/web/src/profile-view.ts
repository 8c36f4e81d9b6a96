import { api, ApiError } from './api.js';
import { formatCount, h } from './dom.js';
import { pagedPosts } from './feed-view.js';
import { state } from './state.js';

export async function profileView(handle: string): Promise<HTMLElement> {
  let profile;
  try {
    profile = await api.profile(handle);
  } catch (error) {
    return h('p', { class: 'notice' }, error instanceof ApiError ? error.message : 'Could not load that profile.');
  }
  let follows = profile.viewerFollows;
  let followers = profile.followers;
  const followerCount = h('span', {}, formatCount(followers));
  const follow = h('button', { type: 'button', class: 'follow' }, follows ? 'Following' : 'Follow');
  follow.addEventListener('click', () => {
    if (!state.me) {
      location.hash = '#/signin';
      return;
    }
    void api.follow(profile.handle, !follows).then(() => {
      follows = !follows;
      followers += follows ? 1 : -1;
      follow.textContent = follows ? 'Following' : 'Follow';
      followerCount.textContent = formatCount(followers);
    });
  });
  const isMe = state.me?.handle === profile.handle;
  return h(
    'div',
    { class: 'profile' },
    h(
      'header',
      { class: 'profile-head' },
      profile.avatarUrl
        ? h('img', { class: 'avatar', src: profile.avatarUrl, alt: '' })
        : h('div', { class: 'avatar', 'aria-hidden': 'true' }, profile.displayName.slice(0, 1).toUpperCase()),
      h('div', {}, h('h1', { class: 'display-name' }, profile.displayName), h('p', { class: 'handle' }, `@${profile.handle}`), profile.bio ? h('p', { class: 'bio' }, profile.bio) : null),
      h('p', { class: 'stats' }, followerCount, ' followers · ', formatCount(profile.following), ' following · ', formatCount(profile.posts), ' posts'),
      isMe ? null : follow,
    ),
    pagedPosts((cursor) => api.userPosts(profile.handle, cursor), 'No posts yet.'),
  );
}
