import { useState, type FormEvent } from 'react';
import { useEngineClient } from '../../app/engineContext';
import { readableError } from '../generation/generationSlice';
import type { FeedStatus } from './types';

/** Sign up or sign in to the feed; the engine keeps the session (the password never stays in the page). */
export function FeedAccountForm({ onSignedIn }: { onSignedIn: (status: FeedStatus) => void }) {
  const client = useEngineClient();
  const [mode, setMode] = useState<'signUp' | 'signIn'>('signUp');
  const [handle, setHandle] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const status =
        mode === 'signUp'
          ? await client.feed.signUp.mutate({ handle, displayName: displayName || handle, password })
          : await client.feed.signIn.mutate({ handle, password });
      setPassword('');
      onSignedIn(status);
    } catch (err) {
      setError(readableError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-label={mode === 'signUp' ? 'Create a feed account' : 'Sign in to the feed'}>
      <p className="meta-dim">{mode === 'signUp' ? 'Create an account on the feed to publish.' : 'Sign in to the feed to publish.'}</p>
      <label className="field">
        Handle
        <input value={handle} autoComplete="username" onChange={(e) => setHandle(e.target.value)} required />
      </label>
      {mode === 'signUp' && (
        <label className="field">
          Display name
          <input value={displayName} autoComplete="name" onChange={(e) => setDisplayName(e.target.value)} />
        </label>
      )}
      <label className="field">
        Password
        <input type="password" value={password} autoComplete={mode === 'signUp' ? 'new-password' : 'current-password'} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="submit" disabled={busy}>
          {mode === 'signUp' ? 'Create account' : 'Sign in'}
        </button>
        <button type="button" className="link" onClick={() => setMode(mode === 'signUp' ? 'signIn' : 'signUp')}>
          {mode === 'signUp' ? 'I have an account' : 'Create an account instead'}
        </button>
      </div>
    </form>
  );
}
