import { api, ApiError, type Me } from './api.js';
import { h } from './dom.js';

/** Sign in, or create an account (adult or teen). */
export function authView(onSignedIn: (me: Me) => void): HTMLElement {
  let creating = false;
  const error = h('p', { class: 'error', role: 'alert' });
  const handle = h('input', { name: 'handle', autocomplete: 'username', required: true, minlength: '3', maxlength: '24', 'aria-label': 'Handle' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true, 'aria-label': 'Password' });
  const displayName = h('input', { name: 'displayName', maxlength: '60', 'aria-label': 'Display name' });
  const teen = h('input', { name: 'teen', type: 'checkbox' });
  const extra = h(
    'div',
    { class: 'signup-only', hidden: true },
    h('label', {}, 'Display name', displayName),
    h('label', { class: 'inline' }, teen, ' I am under 18 (teen account: a guardian can manage its settings)'),
  );
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const switcher = h('button', { type: 'button', class: 'link' }, 'New here? Create an account');
  const form = h('form', { class: 'auth' }, h('h1', {}, 'Sign in to the feed'), h('label', {}, 'Handle', handle), h('label', {}, 'Password', password), extra, error, submit, switcher);

  switcher.addEventListener('click', () => {
    creating = !creating;
    extra.hidden = !creating;
    displayName.required = creating;
    password.autocomplete = creating ? 'new-password' : 'current-password';
    submit.textContent = creating ? 'Create account' : 'Sign in';
    switcher.textContent = creating ? 'Have an account? Sign in' : 'New here? Create an account';
    form.querySelector('h1')!.textContent = creating ? 'Create your account' : 'Sign in to the feed';
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    const attempt = creating
      ? api.signUp({ handle: handle.value, displayName: displayName.value, password: password.value, accountType: teen.checked ? 'teen' : 'adult' })
      : api.signIn(handle.value, password.value);
    attempt.then(onSignedIn).catch((e: unknown) => {
      error.textContent = e instanceof ApiError ? e.message : 'Could not reach the feed.';
    });
  });
  return form;
}
