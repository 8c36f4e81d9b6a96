import { useCallback, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { useEngineClient } from '../../app/engineContext';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useTopModal } from '../../ui/useTopModal';
import { readableError } from '../generation/generationSlice';
import { loadFlaggedTakes } from './flagsSlice';
import { noticeView } from './noticeText';
import type { CameoNotice } from './types';
import './cameos.css';

/** Alerts shown at once; the rest wait behind them ("and 3 more"). */
const SHOWN = 4;

/**
 * The studio's cameo alerts: someone used my cameo or asked for it, or the owner of a cameo I used revoked my use or
 * deleted the cameo.
 * They come from the engine's notices (kept until dismissed, so what happened while I was signed out or signed in as
 * someone else shows when I sign in) and arrive live on the notifications subscription. A revocation or a deletion also
 * has the open project's takes checked again, so flagged ones are marked at once. While a modal dialog is open (signing in
 * happens in one) the alerts are shown inside it, since the page behind a modal dialog cannot be clicked.
 */
export function CameoAlerts() {
  const client = useEngineClient();
  const dispatch = useAppDispatch();
  const flagsError = useAppSelector((s) => s.cameoFlags.error);
  const [notices, setNotices] = useState<CameoNotice[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const modal = useTopModal();

  const refresh = useCallback(() => {
    client.cameos.notices.query().then(
      (list) => (setNotices(list), setProblem(null)),
      (err: unknown) => {
        const message = readableError(err);
        // Signed out: nothing is waiting for anyone yet.
        setNotices([]);
        setProblem(/sign in/i.test(message) ? null : `Cameo notifications could not be loaded: ${message}`);
      },
    );
  }, [client]);

  useEffect(() => {
    refresh();
    const sub = client.cameos.notifications.subscribe(undefined, {
      onData: (event) => {
        if (event.type === 'notice' || event.type === 'account_changed') refresh();
        const flagsChanged = (event.type === 'notice' && (event.notice.kind === 'revoked' || event.notice.kind === 'deleted')) || event.type === 'consent_changed' || event.type === 'account_changed';
        if (flagsChanged) void dispatch(loadFlaggedTakes());
      },
      onError: (err) => setProblem(`Cameo notifications stopped: ${readableError(err)}`),
    });
    return () => sub.unsubscribe();
  }, [client, dispatch, refresh]);

  const dismiss = (id: string) => {
    setNotices((list) => list.filter((n) => n.id !== id));
    client.cameos.dismissNotice.mutate({ id }).catch((err: unknown) => setProblem(`The notification could not be dismissed: ${readableError(err)}`));
  };

  const shown = notices.slice(0, SHOWN);
  if (shown.length === 0 && !problem && !flagsError) return null;
  return createPortal(
    <section className="cameo-alerts" aria-label="Cameo notifications">
      {shown.map((notice) => {
        const view = noticeView(notice);
        return (
          <div key={notice.id} role={view.urgent ? 'alert' : 'status'} className={`cameo-alert${view.urgent ? ' urgent' : ''}`}>
            <strong>{view.title}</strong>
            <p>{view.text}</p>
            <button type="button" className="link" onClick={() => dismiss(notice.id)} aria-label={`Dismiss: ${view.title}`}>
              Dismiss
            </button>
          </div>
        );
      })}
      {notices.length > SHOWN && <p className="meta-dim">and {notices.length - SHOWN} more</p>}
      {(problem ?? flagsError) && (
        <div role="alert" className="cameo-alert urgent">
          <p>{problem ?? flagsError}</p>
          {problem && (
            <button type="button" className="link" onClick={() => (setProblem(null), refresh())}>
              Try again
            </button>
          )}
        </div>
      )}
    </section>,
    modal ?? document.body,
  );
}
