import { useEffect, useState } from 'react';
import { RESTRICTION_TOPIC_TEXT } from '../../../src-shared/cameo/restrictionTopics';
import { useEngineClient } from '../../app/engineContext';
import { readableError } from '../generation/generationSlice';
import { EnumOptions } from './EnumOptions';
import { fromForm, toForm, TOPICS, type RestrictionsForm } from './restrictionsForm';
import { PERMISSION_TEXT, type CameoGrant, type CameoPermission, type CameoRecord, type CameoUsage } from './types';

const when = (ms: number) => new Date(ms).toLocaleString();

/** One of my cameos: who may use it, requests, people approved (revoke each, or everyone), rules, usage log, delete. */
export function CameoDetails({ cameo, requests, onChanged }: { cameo: CameoRecord; requests: CameoGrant[]; onChanged: () => void }) {
  const client = useEngineClient();
  const [grants, setGrants] = useState<CameoGrant[]>([]);
  const [usage, setUsage] = useState<CameoUsage[]>([]);
  const [form, setForm] = useState<RestrictionsForm>(() => toForm(cameo.restrictions, cameo.instructions));
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [confirming, setConfirming] = useState<'delete' | 'revoke_all' | null>(null);

  const load = () => {
    client.cameos.grants.query({ id: cameo.id }).then(setGrants, (err: unknown) => setMessage({ text: readableError(err), error: true }));
    client.cameos.usage.query({ id: cameo.id }).then(setUsage, (err: unknown) => setMessage({ text: readableError(err), error: true }));
  };
  useEffect(load, [cameo.id, requests.length]);
  useEffect(() => setForm(toForm(cameo.restrictions, cameo.instructions)), [cameo]);

  const act = async (what: () => Promise<unknown>, done: string, reload = true) => {
    setMessage(null);
    try {
      const result = await what();
      const feed = (result as { feed?: string } | null)?.feed;
      setMessage({ text: feed === 'pending' ? `${done} The feed has not heard yet; it will be told on your next change.` : done, error: false });
      if (reload) load();
      onChanged();
    } catch (err) {
      setMessage({ text: readableError(err), error: true });
    }
  };

  const saveRules = () => {
    const parsed = fromForm(form);
    if ('problem' in parsed) return setMessage({ text: parsed.problem, error: true });
    void act(() => client.cameos.update.mutate({ id: cameo.id, ...parsed }), 'Restrictions and instructions saved.');
  };

  const approved = grants.filter((g) => g.state === 'approved');
  const pending = requests.filter((r) => r.cameoId === cameo.id);
  return (
    <section className="cameo-details" aria-label={`Cameo @${cameo.handle}`}>
      <h3>
        {cameo.displayName} <span className="meta-dim">@{cameo.handle}</span>
      </h3>
      <p className="meta-dim">
        Recorded {when(cameo.consent.at)} · phrase “{cameo.consent.phrase}” · recording SHA-256 {cameo.consent.recordingSha256.slice(0, 12)}…
      </p>
      <label className="field">
        Who may use @{cameo.handle}
        <select value={cameo.permission} onChange={(e) => void act(() => client.cameos.update.mutate({ id: cameo.id, permission: e.target.value as CameoPermission }), 'Permission changed.')}>
          <EnumOptions labels={PERMISSION_TEXT} />
        </select>
      </label>

      <h4>Requests</h4>
      {pending.length === 0 ? (
        <p className="meta-dim">No one is waiting.</p>
      ) : (
        <ul aria-label="Requests">
          {pending.map((r) => (
            <li key={r.user}>
              @{r.user} {r.note && <q>{r.note}</q>}{' '}
              <button type="button" onClick={() => void act(() => client.cameos.approve.mutate({ id: cameo.id, user: r.user }), `@${r.user} approved.`)}>
                Approve @{r.user}
              </button>
              <button type="button" onClick={() => void act(() => client.cameos.refuse.mutate({ id: cameo.id, user: r.user }), `@${r.user} refused.`)}>
                Refuse @{r.user}
              </button>
            </li>
          ))}
        </ul>
      )}

      <h4>People approved</h4>
      {approved.length === 0 ? (
        <p className="meta-dim">No one yet.</p>
      ) : (
        <ul aria-label="People approved">
          {approved.map((g) => (
            <li key={g.user}>
              @{g.user}{' '}
              <button type="button" onClick={() => void act(() => client.cameos.revoke.mutate({ id: cameo.id, user: g.user }), `Revoked @${g.user}: their queued jobs are cancelled and their takes flagged.`)}>
                Revoke @{g.user}
              </button>
            </li>
          ))}
        </ul>
      )}

      <fieldset className="cameo-rules">
        <legend>Restrictions and instructions</legend>
        <div className="row">
          {TOPICS.map((topic) => (
            <label key={topic} className="check">
              <input
                type="checkbox"
                checked={form.topics.includes(topic)}
                onChange={(e) => setForm((f) => ({ ...f, topics: e.target.checked ? [...f.topics, topic] : f.topics.filter((t) => t !== topic) }))}
              />
              No {RESTRICTION_TOPIC_TEXT[topic]}
            </label>
          ))}
        </div>
        <label className="field">
          Never say (one phrase a line)
          <textarea rows={2} value={form.neverSay} onChange={(e) => setForm((f) => ({ ...f, neverSay: e.target.value }))} />
        </label>
        <label className="field">
          Never show (one thing a line)
          <textarea rows={2} value={form.neverShow} onChange={(e) => setForm((f) => ({ ...f, neverShow: e.target.value }))} />
        </label>
        <label className="field">
          Instructions added to every prompt (one a line)
          <textarea rows={2} value={form.instructions} onChange={(e) => setForm((f) => ({ ...f, instructions: e.target.value }))} placeholder="always wearing round glasses" />
        </label>
        <button type="button" onClick={saveRules}>
          Save restrictions
        </button>
      </fieldset>

      <h4>Usage log</h4>
      {usage.length === 0 ? (
        <p className="meta-dim">Not used yet.</p>
      ) : (
        <table aria-label="Usage log" className="usage-log">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Where</th>
            </tr>
          </thead>
          <tbody>
            {usage.map((u) => (
              <tr key={u.id}>
                <td>{when(u.at)}</td>
                <td>@{u.user}</td>
                <td>
                  {u.purpose}
                  {u.flaggedAt !== undefined && ' (made without consent now: flagged)'}
                  {u.flaggedAt !== undefined && u.renderPath && u.deletedAt === undefined && (
                    <button type="button" onClick={() => void act(() => client.cameos.deleteFlagged.mutate({ usageId: u.id }), `The take @${u.user} made was deleted.`)}>
                      Delete @{u.user}&apos;s take
                    </button>
                  )}
                  {u.deletedAt !== undefined && ' (take deleted)'}
                </td>
                <td>{u.postId ? `post ${u.postId}` : (u.projectDir?.split(/[\\/]/).pop() ?? '—')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <div className="dialog-buttons danger-zone">
        {confirming === 'revoke_all' ? (
          <button type="button" className="danger" onClick={() => (setConfirming(null), void act(() => client.cameos.revoke.mutate({ id: cameo.id, everyone: true }), 'Revoked from everyone: only you may use it now.'))}>
            Yes, revoke everyone
          </button>
        ) : (
          <button type="button" onClick={() => setConfirming('revoke_all')}>
            Revoke everyone…
          </button>
        )}
        {confirming === 'delete' ? (
          <button type="button" className="danger" onClick={() => (setConfirming(null), void act(() => client.cameos.delete.mutate({ id: cameo.id }), `@${cameo.handle} and its media were deleted.`, false))}>
            Yes, delete @{cameo.handle} and its media
          </button>
        ) : (
          <button type="button" onClick={() => setConfirming('delete')}>
            Delete…
          </button>
        )}
        {confirming && (
          <button type="button" className="link" onClick={() => setConfirming(null)}>
            Keep it
          </button>
        )}
      </div>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'meta-dim'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
