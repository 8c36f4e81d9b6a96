import { api } from './api.js';
import { authView } from './auth-view.js';
import { clear, h, toast } from './dom.js';
import { pagedPosts } from './feed-view.js';
import { profileView } from './profile-view.js';
import { settingsView } from './settings-view.js';
import { state } from './state.js';
import { inStudio } from './studio.js';

const view = document.getElementById('view')!;
const account = document.querySelector<HTMLElement>('.account')!;
const steerForm = document.querySelector<HTMLFormElement>('form.steer')!;
const modeButtons = document.querySelectorAll<HTMLButtonElement>('button.mode');

function renderAccount(): void {
  clear(account);
  if (state.me) {
    const me = state.me;
    account.append(
      h('a', { href: `#/u/${encodeURIComponent(me.handle)}`, class: 'me' }, `@${me.handle}`),
      h('a', { href: '#/settings', class: 'settings-link' }, 'Settings'),
      h('button', { type: 'button', class: 'link', onclick: () => void api.signOut().then(() => { state.me = null; renderAccount(); void route(); }) }, 'Sign out'),
    );
  } else {
    account.append(h('a', { href: '#/signin', class: 'signin' }, 'Sign in'));
  }
}

function renderModes(): void {
  for (const b of modeButtons) b.setAttribute('aria-pressed', String(b.dataset.mode === state.mode));
}

async function route(): Promise<void> {
  const hash = location.hash || '#/';
  clear(view);
  const profile = /^#\/u\/([^/]+)$/.exec(hash);
  if (hash === '#/signin') {
    view.append(
      authView((me) => {
        state.me = me;
        renderAccount();
        location.hash = '#/';
      }),
    );
  } else if (hash === '#/settings') {
    view.append(await settingsView());
  } else if (profile) {
    view.append(await profileView(decodeURIComponent(profile[1]!)));
  } else {
    view.append(
      pagedPosts(
        (cursor) => api.feed({ mode: state.mode, steer: state.steer, cursor }),
        'Nothing here yet. Publish something from the studio!',
        // The server may answer chronologically (e.g. a teen whose guardian turned personalisation off): show that.
        (mode) => {
          for (const b of modeButtons) b.setAttribute('aria-pressed', String(b.dataset.mode === mode));
        },
      ),
    );
  }
}

for (const b of modeButtons) {
  b.addEventListener('click', () => {
    state.mode = b.dataset.mode === 'chronological' ? 'chronological' : 'ranked';
    renderModes();
    location.hash = '#/';
    void route();
  });
}
steerForm.addEventListener('submit', (event) => {
  event.preventDefault();
  state.steer = new FormData(steerForm).get('steer')?.toString() ?? '';
  state.mode = 'ranked';
  renderModes();
  location.hash = '#/';
  void route();
});
window.addEventListener('hashchange', () => void route());

/**
 * The studio opens this page as `/#handoff=<one-time code>` when its user is signed in, so the sidebar needs no second
 * sign-in. Honoured only inside the studio (a frame, which only local pages may be by the CSP's frame-ancestors, or
 * Electron's feed view, whose preload exposes `scenecastStudio`): a link elsewhere cannot sign a browser into someone
 * else's account. The code leaves the address bar and history at once.
 */
function takeHandoffCode(): string | null {
  const match = /^#handoff=([A-Za-z0-9_-]{20,100})$/.exec(location.hash);
  if (!match) return null;
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  return inStudio() ? match[1]! : null;
}

void (async () => {
  const handoff = takeHandoffCode();
  state.me = await api.session().catch(() => null);
  if (handoff) {
    try {
      state.me = await api.exchangeHandoff(handoff);
    } catch (error) {
      toast(`Could not sign in with the studio's account: ${(error as Error).message}`);
    }
  }
  renderAccount();
  renderModes();
  await route();
})();
