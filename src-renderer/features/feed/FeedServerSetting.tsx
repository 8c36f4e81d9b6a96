import { useState, type FormEvent } from 'react';
import { useEngineClient } from '../../app/engineContext';
import { readableError } from '../generation/generationSlice';

/** Why `value` cannot be a feed server address, or null when it can ('' = the local feed). */
export function feedServerProblem(value: string): string | null {
  if (value.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'That is not a web address. Use one like https://feed.example.org, or leave it empty for the local feed.';
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? null : `A feed server address starts with https:// (or http://), not ${url.protocol}`;
}

/** The `feedServerUrl` setting: empty means the feed server the studio runs on this machine. */
export function FeedServerSetting({ current, onChanged }: { current: string; onChanged: () => void }) {
  const client = useEngineClient();
  const [value, setValue] = useState(current);
  const [error, setError] = useState<string | null>(null);

  const save = async (e: FormEvent, next: string) => {
    e.preventDefault();
    const problem = feedServerProblem(next);
    setError(problem);
    if (problem) return;
    try {
      await client.settings.update.mutate({ feedServerUrl: next.trim() });
      onChanged();
    } catch (err) {
      setError(readableError(err));
    }
  };

  return (
    <details className="feed-server-setting">
      <summary>Feed server</summary>
      <form onSubmit={(e) => void save(e, value)}>
        <label className="field">
          Address
          <input value={value} placeholder="empty: the local feed on this machine" onChange={(e) => setValue(e.target.value)} />
        </label>
        <button type="submit" className="tool">
          Use this server
        </button>{' '}
        <button
          type="button"
          className="tool"
          onClick={(e) => {
            setValue('');
            void save(e, '');
          }}
        >
          Use the local feed
        </button>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
    </details>
  );
}
