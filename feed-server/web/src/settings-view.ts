import { api, ApiError, type FeedSettings, type GuardianLink } from './api.js';
import { h, toast } from './dom.js';
import { state } from './state.js';

const POLICY_LABELS: [FeedSettings['commentPolicy'], string][] = [
  ['everyone', 'Everyone'],
  ['following', 'People I follow'],
  ['nobody', 'Nobody'],
];

function failed(error: unknown): void {
  toast(error instanceof ApiError ? error.message : 'Something went wrong; try again.');
}

/** A form over feed settings; `save` is the viewer's own settings or a guardian's view of a teen's. */
function settingsForm(settings: FeedSettings, save: ((update: Partial<FeedSettings>) => Promise<FeedSettings>) | null, label: string): HTMLElement {
  const personalized = h('input', { type: 'checkbox', name: 'personalized', disabled: !save });
  personalized.checked = settings.personalized;
  const limit = h('input', { type: 'number', name: 'dailyViewLimit', min: '1', max: '1000', placeholder: 'No limit', disabled: !save, 'aria-label': 'Daily limit' });
  limit.value = settings.dailyViewLimit === null ? '' : String(settings.dailyViewLimit);
  const policy = h('select', { name: 'commentPolicy', disabled: !save, 'aria-label': 'Who may comment' }, ...POLICY_LABELS.map(([value, text]) => h('option', { value }, text)));
  policy.value = settings.commentPolicy;
  const form = h(
    'form',
    { class: 'settings-form', 'aria-label': label },
    h('label', { class: 'inline' }, personalized, ' Personalised feed (otherwise newest first)'),
    h('label', {}, 'Posts per day', limit),
    h('label', {}, 'Who may comment', policy),
    save ? h('button', { type: 'submit' }, 'Save') : h('p', { class: 'hint' }, settings.managedByGuardian ? 'Your guardian manages these settings.' : 'Teen accounts keep these strict settings; a guardian can change them.'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!save) return;
    save({ personalized: personalized.checked, dailyViewLimit: limit.value ? Number(limit.value) : null, commentPolicy: policy.value as FeedSettings['commentPolicy'] })
      .then(() => toast('Saved.'))
      .catch(failed);
  });
  return form;
}

function linkItem(link: GuardianLink, myId: string, refresh: () => void): HTMLElement {
  const iAmGuardian = link.guardian.id === myId;
  const other = iAmGuardian ? link.teen.handle : link.guardian.handle;
  const item = h('li', { class: 'link-item' }, h('span', {}, iAmGuardian ? `Teen @${other}` : `Guardian @${other}`, ` · ${link.status}`));
  if (!iAmGuardian && link.status === 'pending') {
    item.append(h('button', { type: 'button', onclick: () => void api.confirmLink(link.id).then(refresh, failed) }, 'Confirm'));
  }
  item.append(h('button', { type: 'button', class: 'link', onclick: () => void api.removeLink(link.id).then(refresh, failed) }, iAmGuardian ? 'Remove' : 'Unlink'));
  if (iAmGuardian && link.status === 'active') {
    const slot = h('div', { class: 'teen-settings' });
    item.append(slot);
    void api.teenSettings(other).then(
      (s) => slot.append(settingsForm(s, (u) => api.updateTeenSettings(other, u), `Settings for @${other}`)),
      failed,
    );
  }
  return item;
}

/** Settings, parental controls and notifications for the signed-in person. */
export async function settingsView(): Promise<HTMLElement> {
  const me = state.me;
  if (!me) return h('p', { class: 'notice' }, h('a', { href: '#/signin' }, 'Sign in'), ' to see your settings.');
  const root = h('div', { class: 'settings' });
  const render = async () => {
    const [settings, links, notifications] = await Promise.all([api.settings(), api.links(), api.notifications()]);
    const linkList = h('ul', { class: 'links' }, ...links.map((l) => linkItem(l, me.id, () => void render())));
    const teenHandle = h('input', { name: 'teenHandle', placeholder: 'teen’s handle', 'aria-label': 'Teen handle' });
    const linkForm = h('form', { class: 'link-form' }, teenHandle, h('button', { type: 'submit' }, 'Ask to link'));
    linkForm.addEventListener('submit', (event) => {
      event.preventDefault();
      api.requestLink(teenHandle.value.trim()).then(() => render(), failed);
    });
    root.replaceChildren(
      h('h1', {}, 'Settings'),
      h('section', {}, h('h2', {}, 'Your feed'), settingsForm(settings, me.accountType === 'adult' ? (u) => api.updateSettings(u) : null, 'Your feed settings')),
      h(
        'section',
        {},
        h('h2', {}, 'Parental controls'),
        links.length ? linkList : h('p', { class: 'hint' }, 'No guardian links.'),
        me.accountType === 'adult' ? linkForm : null,
      ),
      h(
        'section',
        {},
        h('h2', {}, 'Notifications'),
        notifications.length
          ? h('ul', { class: 'notifications' }, ...notifications.map((n) => h('li', { class: n.read ? 'read' : 'unread' }, describe(n.kind, n.payload))))
          : h('p', { class: 'hint' }, 'Nothing new.'),
      ),
    );
    if (notifications.some((n) => !n.read)) void api.markNotificationsRead().catch(() => undefined);
  };
  await render().catch(failed);
  return root;
}

function describe(kind: string, payload: Record<string, string>): string {
  switch (kind) {
    case 'guardian_link_requested':
      return `@${payload.guardianHandle} asked to be your guardian.`;
    case 'guardian_link_confirmed':
      return `@${payload.teenHandle} confirmed you as their guardian.`;
    case 'guardian_link_removed':
      return `@${payload.byHandle} removed your guardian link.`;
    case 'post_taken_down':
      return `“${payload.title}” was taken down by the owner of a cameo in it.`;
    case 'post_delisted':
      return `“${payload.title}” was delisted because a cameo in it was revoked.`;
    default:
      return kind;
  }
}
