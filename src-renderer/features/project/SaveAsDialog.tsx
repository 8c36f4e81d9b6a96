import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectMeta } from '../document/selectors';
import { saveAsDismissed, saveProjectAs, selectSession } from './sessionSlice';

/** "Save as…": name the copy (and optionally where it goes); the studio then works in the copy. Esc cancels. */
export function SaveAsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dispatch = useAppDispatch();
  const meta = useAppSelector(selectMeta);
  const { saveAs } = useAppSelector(selectSession);
  const dialog = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState('');
  const [parentDir, setParentDir] = useState('');

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      // The suggested name is taken when the dialog opens, not on every change while it is open.
      setName(meta ? `${meta.name} copy` : '');
      setParentDir('');
      dispatch(saveAsDismissed());
      d.showModal();
    }
    if (!open && d.open) d.close();
  }, [open, meta]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    const result = await dispatch(saveProjectAs({ name: name.trim(), ...(parentDir.trim() ? { parentDir: parentDir.trim() } : {}) }));
    if (saveProjectAs.fulfilled.match(result)) onClose();
  };

  return (
    <dialog ref={dialog} className="save-as" aria-labelledby="save-as-title" onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} className="stack">
        <h2 id="save-as-title">Save project as</h2>
        <p className="meta-dim">A copy with its takes and assets in a new folder; you carry on in the copy, the original keeps its last save.</p>
        <label>
          Name of the copy
          <input value={name} onChange={(e) => setName(e.target.value)} autoFocus maxLength={120} />
        </label>
        <label>
          Folder to put it in (optional)
          <input value={parentDir} onChange={(e) => setParentDir(e.target.value)} placeholder="the projects folder" />
        </label>
        {saveAs.phase === 'failed' && saveAs.error && (
          <p className="error" role="alert">
            {saveAs.error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={!name.trim() || saveAs.phase === 'saving'}>
            {saveAs.phase === 'saving' ? 'Saving…' : 'Save copy'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
