import { useEffect, useState } from 'react';
import { useEngineClient } from '../../app/engineContext';

interface CameoChoice {
  id: string;
  label: string;
}

/**
 * The cameos that appear in the video, chosen from the ones this account may use (its own and those shared with it).
 * Only ids go to the engine: it looks up each owner and consent hash in the library, and refuses a cameo that may not
 * be used.
 */
export function CameoPicker({ selected, onChange, disabled }: { selected: string[]; onChange: (ids: string[]) => void; disabled: boolean }) {
  const client = useEngineClient();
  const [choices, setChoices] = useState<CameoChoice[] | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all([client.cameos.mine.query(), client.cameos.sharedWithMe.query()]).then(
      ([mine, shared]) => {
        if (!live) return;
        setChoices([
          ...mine.map((c) => ({ id: c.id, label: `${c.displayName} (yours)` })),
          ...shared.map((c) => ({ id: c.id, label: `${c.displayName} (@${c.owner})` })),
        ]);
      },
      // Not signed in to the feed: cameos belong to an account, so there is nothing to list.
      () => live && setChoices([]),
    );
    return () => {
      live = false;
    };
  }, [client]);

  if (!choices) return null;
  return (
    <fieldset className="export-cameos" disabled={disabled}>
      <legend>Cameos in this video</legend>
      {choices.length === 0 ? (
        <p className="meta-dim">No cameos to list (they belong to your feed account). The C2PA manifest names the cameos you tick here.</p>
      ) : (
        choices.map((c) => (
          <label key={c.id} className="export-check">
            <input
              type="checkbox"
              checked={selected.includes(c.id)}
              onChange={(e) => onChange(e.target.checked ? [...selected, c.id] : selected.filter((id) => id !== c.id))}
            />
            {c.label}
          </label>
        ))
      )}
    </fieldset>
  );
}
