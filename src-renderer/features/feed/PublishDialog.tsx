import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useEngineClient } from '../../app/engineContext';
import { useAppSelector } from '../../app/hooks';
import { readableError } from '../generation/generationSlice';
import { selectProjectDir } from '../project/sessionSlice';
import { FeedAccountForm } from './FeedAccountForm';
import { selectPublishable } from './publishable';
import type { FeedStatus, PublishJob } from './types';

interface PublishDialogProps {
  open: boolean;
  status: FeedStatus | null;
  onStatus: (status: FeedStatus) => void;
  onPublished: () => void;
  onClose: () => void;
}

/** Publish a take to the feed: account (if needed), take, title, visibility; upload progress; the result or the error. */
export function PublishDialog({ open, status, onStatus, onPublished, onClose }: PublishDialogProps) {
  const client = useEngineClient();
  const dir = useAppSelector(selectProjectDir);
  const { takes, storyboardSummary } = useAppSelector(selectPublishable);
  const dialog = useRef<HTMLDialogElement>(null);
  const [takeId, setTakeId] = useState('');
  const [title, setTitle] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'unlisted'>('public');
  const [job, setJob] = useState<PublishJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const take = takes.find((t) => t.takeId === takeId) ?? takes.find((t) => t.active) ?? takes[0];

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      setJob(null);
      setError(null);
      d.showModal();
    }
    if (!open && d.open) d.close();
  }, [open]);

  const uploading = job?.state === 'uploading';
  useEffect(() => {
    if (!job || job.state !== 'uploading') return;
    const sub = client.feed.publishProgress.subscribe(
      { jobId: job.id },
      {
        onData: (next) => {
          setJob(next);
          if (next.state === 'failed') setError(next.message);
          if (next.state === 'published') onPublished();
        },
        onError: (err) => setError(readableError(err)),
      },
    );
    return () => sub.unsubscribe();
    // Subscribed once per job (its id), not again on every progress event.
  }, [client, job?.id]);

  const publish = async (e: FormEvent) => {
    e.preventDefault();
    if (!dir || !take) return;
    setError(null);
    try {
      setJob(
        await client.feed.publish.mutate({
          dir,
          renderPath: take.renderPath,
          title: title.trim() || take.prompt.slice(0, 200) || 'Untitled',
          visibility,
          prompt: take.prompt,
          storyboardSummary,
          provenance: { modelPack: take.modelPack, seed: take.seed },
        }),
      );
    } catch (err) {
      setError(readableError(err));
    }
  };

  const percent = job?.state === 'uploading' ? Math.round((job.sent / Math.max(1, job.total)) * 100) : job?.state === 'published' ? 100 : 0;
  return (
    <dialog ref={dialog} className="publish-dialog" aria-labelledby="publish-title" onClose={onClose}>
      <h2 id="publish-title">Publish to the feed</h2>
      {!status ? (
        <p className="empty">Connecting to the feed…</p>
      ) : !status.handle ? (
        <FeedAccountForm onSignedIn={onStatus} />
      ) : (
        <form onSubmit={(e) => void publish(e)}>
          <p className="meta-dim">
            Signed in as <strong>@{status.handle}</strong>
            {status.embedded ? ' on the local feed' : ` on ${new URL(status.url).host}`}
          </p>
          {takes.length === 0 ? (
            <p className="empty">Generate a take first: a ready take is what gets published.</p>
          ) : (
            <>
              <label className="field">
                Take
                <select value={take?.takeId ?? ''} onChange={(e) => setTakeId(e.target.value)} disabled={uploading}>
                  {takes.map((t) => (
                    <option key={t.takeId} value={t.takeId}>
                      {t.label}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                Title
                <input value={title} maxLength={200} placeholder={take?.prompt.slice(0, 80)} onChange={(e) => setTitle(e.target.value)} disabled={uploading} />
              </label>
              <label className="field">
                Visibility
                <select value={visibility} onChange={(e) => setVisibility(e.target.value as 'public' | 'unlisted')} disabled={uploading}>
                  <option value="public">Public: in everyone’s feed</option>
                  <option value="unlisted">Unlisted: only on your profile</option>
                </select>
              </label>
            </>
          )}
          {job && (
            <div className="progress" role="progressbar" aria-label="Upload progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
              <div className="progress-fill" style={{ width: `${percent}%` }} />
            </div>
          )}
          {job?.state === 'published' && (
            <p role="status" className="publish-done">
              Published “{job.post.title}”.{' '}
              <a href={job.post.url} target="_blank" rel="noreferrer">
                See it in the feed
              </a>
            </p>
          )}
          <div className="dialog-buttons">
            <button type="submit" disabled={!take || uploading || job?.state === 'published'}>
              {uploading ? `Uploading… ${percent}%` : 'Publish'}
            </button>
            <button type="button" onClick={onClose}>
              {job?.state === 'published' ? 'Done' : 'Cancel'}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!status?.handle && (
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      )}
    </dialog>
  );
}
