import { useCallback, useEffect, useState } from 'react';
import { useEngineClient } from '../../app/engineContext';
import { useAppDispatch } from '../../app/hooks';
import { readableError } from '../generation/generationSlice';
import { loadFlaggedTakes } from './flagsSlice';
import type { CameoGrant, CameoRecord, CameoSummary } from './types';

export type CameoLibraryView =
  | { state: 'loading' }
  | { state: 'signed_out'; message: string }
  | { state: 'error'; message: string }
  | { state: 'ready'; me: string; mine: CameoRecord[]; shared: CameoSummary[]; requests: CameoGrant[] };

/** The signed-in person's cameos, the cameos shared with them and the requests waiting for their answer. */
export function useCameoLibrary(active: boolean) {
  const client = useEngineClient();
  const dispatch = useAppDispatch();
  const [view, setView] = useState<CameoLibraryView>({ state: 'loading' });

  const refresh = useCallback(async () => {
    // A change made here (a revocation, a deleted take) can flag or unflag takes in the open project.
    void dispatch(loadFlaggedTakes());
    try {
      const [{ handle }, mine, shared, requests] = await Promise.all([
        client.cameos.me.query(),
        client.cameos.mine.query(),
        client.cameos.sharedWithMe.query(),
        client.cameos.requests.query(),
      ]);
      setView({ state: 'ready', me: handle, mine, shared, requests });
    } catch (err) {
      const message = readableError(err);
      setView(/sign in/i.test(message) ? { state: 'signed_out', message } : { state: 'error', message });
    }
  }, [client, dispatch]);

  useEffect(() => {
    if (active) void refresh();
  }, [active, refresh]);

  // A new request or a use by someone else shows up without a reload.
  useEffect(() => {
    if (!active || view.state !== 'ready') return;
    const sub = client.cameos.notifications.subscribe(undefined, { onData: () => void refresh(), onError: () => undefined });
    return () => sub.unsubscribe();
  }, [active, view.state, client, refresh]);

  return { view, refresh };
}
