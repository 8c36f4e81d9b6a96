import { useAppSelector } from '../../app/hooks';
import { selectJobs } from './generationSlice';

/** Plays the selected take, or the newest finished one. */
export function Monitor({ selectedJobId }: { selectedJobId: string | null }) {
  const jobs = useAppSelector(selectJobs);
  const done = jobs.filter((j) => j.status === 'complete');
  const job = done.find((j) => j.id === selectedJobId) ?? done[0];
  return (
    <section className="panel monitor" aria-labelledby="monitor-title">
      <h2 id="monitor-title">Monitor</h2>
      {job && job.status === 'complete' ? (
        <figure>
          <video
            key={job.output.url}
            src={job.output.url}
            aria-label="Preview of the take"
            controls
            autoPlay
            loop
            muted
            playsInline
            width={Math.max(256, job.output.width * 2)}
          />
          <figcaption>{job.settings.prompt}</figcaption>
        </figure>
      ) : (
        <p className="empty">Finished takes play here.</p>
      )}
    </section>
  );
}
