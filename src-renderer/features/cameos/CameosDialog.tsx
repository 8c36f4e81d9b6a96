import { useState, type FormEvent } from 'react';
import { useEngineClient } from '../../app/engineContext';
import { useModalDialog } from '../../ui/useModalDialog';
import { FeedAccountForm } from '../feed/FeedAccountForm';
import { readableError } from '../generation/generationSlice';
import { CameoDetails } from './CameoDetails';
import { NewCameoForm } from './NewCameoForm';
import { KIND_TEXT, PERMISSION_TEXT } from './types';
import { useCameoLibrary } from './useCameoLibrary';
import './cameos.css';

type Tab = 'mine' | 'shared' | 'new';
const TAB_TEXT: Record<Tab, string> = { mine: 'My cameos', shared: 'Shared with me', new: 'New cameo' };

/** The cameo library: my cameos and their sharing, cameos shared with me, and recording a new one. */
export function CameosDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const client = useEngineClient();
  const dialog = useModalDialog(open);
  const [tab, setTab] = useState<Tab>('mine');
  const [selected, setSelected] = useState<string | null>(null);
  const { view, refresh } = useCameoLibrary(open);
  const [asked, setAsked] = useState('');
  const [askResult, setAskResult] = useState<{ text: string; error: boolean } | null>(null);

  const ask = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const cameo = await client.cameos.lookup.query({ handle: asked });
      await client.cameos.request.mutate({ id: cameo.id });
      setAskResult({ text: `Asked @${cameo.owner} for @${cameo.handle}.`, error: false });
    } catch (err) {
      setAskResult({ text: readableError(err), error: true });
    }
  };

  const ready = view.state === 'ready' ? view : null;
  const current = ready?.mine.find((c) => c.id === selected) ?? ready?.mine[0] ?? null;
  return (
    // Space on a button here presses it; it does not also start playback behind the dialog.
    <dialog ref={dialog} className="cameos-dialog" aria-labelledby="cameos-title" onClose={onClose} onKeyDown={(e) => e.stopPropagation()}>
      <h2 id="cameos-title">Cameos</h2>
      {view.state === 'loading' && <p className="meta-dim">Loading…</p>}
      {view.state === 'error' && <p role="alert">{view.message}</p>}
      {view.state === 'signed_out' && (
        <>
          <p>A cameo belongs to your feed account: sign in to record, share or use one.</p>
          <FeedAccountForm onSignedIn={() => void refresh()} />
        </>
      )}
      {ready && (
        <>
          <p className="meta-dim">
            Signed in as @{ready.me}{' '}
            <button type="button" className="link" onClick={() => void client.feed.signOut.mutate().then(refresh, refresh)}>
              Sign out
            </button>
          </p>
          <div role="tablist" aria-label="Cameo library" className="cameo-tabs">
            {(Object.keys(TAB_TEXT) as Tab[]).map((t) => (
              <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
                {TAB_TEXT[t]}
                {t === 'mine' && ready.requests.length > 0 && ` (${ready.requests.length} waiting)`}
              </button>
            ))}
          </div>
          {tab === 'mine' && (
            <div role="tabpanel" aria-label="My cameos" className="cameo-library">
              {ready.mine.length === 0 ? (
                <p className="meta-dim">You have no cameos yet. Record one under New cameo.</p>
              ) : (
                <>
                  <ul className="cameo-list" aria-label="My cameo list">
                    {ready.mine.map((c) => (
                      <li key={c.id}>
                        <button type="button" aria-pressed={current?.id === c.id} onClick={() => setSelected(c.id)}>
                          {c.displayName} @{c.handle} · {KIND_TEXT[c.kind]} · {PERMISSION_TEXT[c.permission]}
                        </button>
                      </li>
                    ))}
                  </ul>
                  {current && <CameoDetails cameo={current} requests={ready.requests} onChanged={() => void refresh()} />}
                </>
              )}
            </div>
          )}
          {tab === 'shared' && (
            <div role="tabpanel" aria-label="Shared with me" className="cameo-library">
              {ready.shared.length === 0 ? (
                <p className="meta-dim">No one has shared a cameo with you yet.</p>
              ) : (
                <ul className="cameo-list" aria-label="Cameos shared with me">
                  {ready.shared.map((c) => (
                    <li key={c.id}>
                      {c.displayName} @{c.handle} · by @{c.owner} · {PERMISSION_TEXT[c.permission]}
                      {c.instructions.length > 0 && <span className="meta-dim"> · always: {c.instructions.join('; ')}</span>}
                    </li>
                  ))}
                </ul>
              )}
              <form onSubmit={(e) => void ask(e)} className="row" aria-label="Ask for a cameo">
                <label className="field">
                  Cameo handle to ask for
                  <input value={asked} onChange={(e) => setAsked(e.target.value)} required placeholder="@maya.beach" />
                </label>
                <button type="submit">Ask to use it</button>
              </form>
              {askResult && <p role={askResult.error ? 'alert' : 'status'}>{askResult.text}</p>}
            </div>
          )}
          {tab === 'new' && (
            <div role="tabpanel" aria-label="New cameo">
              <NewCameoForm
                onCreated={(record) => {
                  setSelected(record.id);
                  void refresh();
                }}
              />
            </div>
          )}
        </>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
