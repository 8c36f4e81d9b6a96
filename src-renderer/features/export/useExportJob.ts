import { useCallback, useEffect, useState } from 'react';
import type { ExportJobView } from '../../../src-shared/export';
import { useEngineClient } from '../../app/engineContext';
import { readableError } from '../generation/generationSlice';

/** One export job at a time for the dialog: start it (a file or the feed), follow its progress, cancel it. */
export function useExportJob() {
  const client = useEngineClient();
  const [job, setJob] = useState<ExportJobView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!job || job.state !== 'running') return;
    const sub = client.export.watch.subscribe(
      { jobId: job.id },
      {
        onData: (next) => {
          setJob(next);
          if (next.state === 'error') setError(next.message);
        },
        onError: (err) => setError(readableError(err)),
      },
    );
    return () => sub.unsubscribe();
    // One subscription per job id, not one per progress event.
  }, [client, job?.id]);

  const run = useCallback(async (start: () => Promise<ExportJobView>) => {
    setError(null);
    try {
      setJob(await start());
    } catch (err) {
      setError(readableError(err));
    }
  }, []);

  const cancel = useCallback(async () => {
    if (job?.state !== 'running') return;
    try {
      await client.export.cancel.mutate({ jobId: job.id });
    } catch (err) {
      setError(readableError(err));
    }
  }, [client, job]);

  const reset = useCallback(() => {
    setJob(null);
    setError(null);
  }, []);

  return { job, error, run, cancel, reset, running: job?.state === 'running' };
}
