import { useEffect } from 'react';
import { useAppDispatch } from '../../app/hooks';
import type { EngineClient } from '../../app/trpc';
import { connectionLost, jobChanged, snapshotReceived } from './generationSlice';

/** Keeps the job list in step with the engine: a snapshot on (re)connect, then every change. */
export function useJobFeed(client: EngineClient): void {
  const dispatch = useAppDispatch();
  useEffect(() => {
    const sub = client.generation.watch.subscribe(undefined, {
      onData: (event) => {
        if (event.type === 'snapshot') dispatch(snapshotReceived(event.jobs));
        else dispatch(jobChanged(event.job));
      },
      onError: () => dispatch(connectionLost()),
      onStopped: () => dispatch(connectionLost()),
    });
    return () => sub.unsubscribe();
  }, [client, dispatch]);
}
