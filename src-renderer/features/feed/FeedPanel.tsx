import { useCallback, useEffect, useRef, useState } from 'react';
import { useEngineClient } from '../../app/engineContext';
import { useAppDispatch, useAppStore } from '../../app/hooks';
import { panelToggled } from '../editor/uiSlice';
import { readableError } from '../generation/generationSlice';
import { closeProject, openProject } from '../project/sessionSlice';
import { desktopFeedView, useDesktopFeedView } from './desktopFeedView';
import { FeedServerSetting } from './FeedServerSetting';
import { PublishDialog } from './PublishDialog';
import { remixPostId } from './remixMessage';
import type { FeedStatus } from './types';
import './feed.css';

/** Web mode's CSP (src-main/web/server.ts `studioCsp`) allows frames from loopback origins only. */
const frameable = (url: string) => /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(new URL(url).origin);

/**
 * The sidebar's community feed: the feed server's own web UI in a frame (web mode; the desktop app lays a sandboxed
 * view of its own over this panel's slot), the Publish button, and remixes started in the feed opening as new
 * projects. The feed page is loaded signed in as the studio's feed account (`feed.pageUrl`), so one sign-in serves both.
 */
export function FeedPanel() {
  const client = useEngineClient();
  const dispatch = useAppDispatch();
  const store = useAppStore();
  const frame = useRef<HTMLIFrameElement>(null);
  const slot = useRef<HTMLDivElement>(null);
  const [desktop] = useState(desktopFeedView);
  const [pageUrl, setPageUrl] = useState<string | null>(null);
  const [status, setStatus] = useState<FeedStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [frameKey, setFrameKey] = useState(0);

  const refresh = useCallback(() => {
    setError(null);
    client.feed.status.query().then(setStatus, (err: unknown) => setError(readableError(err)));
  }, [client]);
  useEffect(refresh, [refresh]);

  const remix = useCallback(
    async (postId: string) => {
      setNotice('Starting a new project from the remix…');
      try {
        const { dir } = await client.feed.remix.mutate({ postId });
        // Closing saves the open project first; if that fails it stays open and says why.
        const closed = await dispatch(closeProject());
        if (closeProject.rejected.match(closed)) return;
        const opened = await dispatch(openProject(dir));
        if (openProject.fulfilled.match(opened) && store.getState().ui.collapsed.feed) dispatch(panelToggled('feed'));
      } catch (err) {
        setNotice(null);
        setError(`The remix could not start: ${readableError(err)}`);
      }
    },
    [client, dispatch, store],
  );

  // The feed page loads afresh (with a new one-time sign-in code) whenever the server, the account or the posts change.
  const [loadKey, setLoadKey] = useState(0);
  useEffect(() => setLoadKey((key) => key + 1), [status?.url, status?.handle, frameKey]);
  const framed = !desktop && status !== null && frameable(status.url);
  useEffect(() => {
    setPageUrl(null);
    if (!framed) return;
    let live = true;
    client.feed.pageUrl.mutate().then(
      ({ url }) => live && setPageUrl(url),
      (err: unknown) => live && setError(readableError(err)),
    );
    return () => {
      live = false;
    };
  }, [client, framed, loadKey]);

  useDesktopFeedView(desktop, slot, loadKey, (postId) => void remix(postId));

  useEffect(() => {
    if (!status || desktop) return;
    const onMessage = (event: MessageEvent) => {
      const postId = remixPostId(event, status.url, frame.current?.contentWindow ?? null);
      if (postId) void remix(postId);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [status, desktop, remix]);

  return (
    <div className="feed-panel">
      <div className="feed-bar">
        <button type="button" className="tool" onClick={() => setPublishing(true)} title="Publish a take to the community feed">
          Publish…
        </button>
        <span className="meta-dim feed-account" aria-label="Feed account">
          {status?.handle ? `@${status.handle}` : status ? 'Not signed in' : ''}
        </span>
        {status?.handle && (
          <button type="button" className="link" onClick={() => void client.feed.signOut.mutate().then(setStatus, (err: unknown) => setError(readableError(err)))}>
            Sign out
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}{' '}
          <button type="button" className="link" onClick={refresh}>
            Try again
          </button>
        </p>
      )}
      {(status || error) && (
        // Shown when the feed cannot be reached too: a wrong address is fixed here.
        <FeedServerSetting key={status?.url ?? 'unreachable'} current={status && !status.embedded ? status.url : ''} onChanged={refresh} />
      )}
      {notice && (
        <p role="status" className="meta-dim">
          {notice}
        </p>
      )}
      {desktop && status ? (
        <div ref={slot} className="feed-frame" role="region" aria-label="Community feed" />
      ) : status && !frameable(status.url) ? (
        <p className="empty">
          The studio page may only frame a feed on this machine.{' '}
          <a href={`${status.url}/`} target="_blank" rel="noreferrer">
            Open the feed at {new URL(status.url).host}
          </a>
        </p>
      ) : status ? (
        pageUrl && <iframe key={pageUrl} ref={frame} className="feed-frame" title="Community feed" src={pageUrl} referrerPolicy="no-referrer" />
      ) : (
        !error && <p className="empty">Starting the feed…</p>
      )}
      <PublishDialog
        open={publishing}
        status={status}
        onStatus={setStatus}
        onPublished={() => setFrameKey((k) => k + 1)}
        onClose={() => setPublishing(false)}
      />
    </div>
  );
}
