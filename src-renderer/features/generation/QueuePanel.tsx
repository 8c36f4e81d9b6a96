import { isFinished, type JobView } from '../../../src-shared/generation';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { ToolButton } from '../../ui/ToolButton';
import { cancelJob, clearFinished, retryJob, selectJobs } from './generationSlice';

const phaseLabel = { load: 'Loading model', text: 'Reading prompt', denoise: 'Generating', decode: 'Decoding', sound: 'Making sound', encode: 'Encoding' } as const;

function progressOf(job: JobView): number {
  if (job.status === 'complete') return 100;
  if (job.status !== 'running') return 0;
  if (job.phase === 'denoise') return Math.round((job.step / job.steps) * 95);
  return job.phase === 'decode' || job.phase === 'sound' || job.phase === 'encode' ? 97 : 0;
}

function statusText(job: JobView): string {
  switch (job.status) {
    case 'queued':
      return `Queued (#${job.position})`;
    case 'running': {
      const eta = job.etaMs !== null ? ` · ~${Math.ceil(job.etaMs / 1000)} s left` : '';
      const step = job.phase === 'denoise' ? ` · step ${job.step}/${job.steps}` : '';
      return `${phaseLabel[job.phase]}${step}${eta}`;
    }
    case 'complete':
      return `Done in ${(job.timings.wallMs / 1000).toFixed(1)} s on ${job.executionProvider.toUpperCase()}`;
    case 'error':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
  }
}

/** Every job with its progress, step count and ETA; cancel, retry, and the error in plain words. */
export function QueuePanel() {
  const jobs = useAppSelector(selectJobs);
  const dispatch = useAppDispatch();
  return (
    <div className="queue">
      {jobs.some(isFinished) && (
        <div className="toolbar">
          <ToolButton label="Clear finished jobs" onClick={() => void dispatch(clearFinished())}>
            Clear finished
          </ToolButton>
        </div>
      )}
      {jobs.length === 0 && <p className="empty">No jobs yet. Write a scene in the storyboard and press Generate.</p>}
      <ul className="jobs" aria-label="Generation jobs">
        {jobs.map((job) => (
          <li key={job.id} className={`job job-${job.status}`} aria-label={`Job: ${job.settings.prompt}`}>
            <div className="job-title" title={job.settings.prompt}>
              {job.settings.prompt}
            </div>
            <div className="job-meta">
              {job.settings.seconds} s · seed {job.settings.seed} · {job.settings.width}×{job.settings.height}
            </div>
            <div
              className="progress"
              role="progressbar"
              aria-label={`Progress of ${job.settings.prompt}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={progressOf(job)}
            >
              <div className="progress-fill" style={{ width: `${progressOf(job)}%` }} />
            </div>
            <div className="job-status" data-status={job.status}>
              {statusText(job)}
            </div>
            {job.status === 'error' && (
              <p className="error" role="alert">
                {job.message}
              </p>
            )}
            {job.status === 'complete' && job.warnings.map((w) => <p className="warning" key={w}>{w}</p>)}
            <div className="job-actions">
              {(job.status === 'queued' || job.status === 'running') && (
                <button type="button" onClick={() => void dispatch(cancelJob(job.id))}>
                  Cancel
                </button>
              )}
              {(job.status === 'error' || job.status === 'cancelled') && (
                <button type="button" onClick={() => void dispatch(retryJob(job.id))}>
                  Retry
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
