import { useModalDialog } from '../../ui/useModalDialog';

export const SHORTCUTS: ReadonlyArray<readonly [keys: string, action: string]> = [
  ['Ctrl+Z · Ctrl+Shift+Z / Ctrl+Y', 'Undo · redo'],
  ['Ctrl+Shift+S', 'Save the project as a copy'],
  ['Ctrl+E', 'Export the timeline (a file or the feed)'],
  ['Space', 'Play / pause'],
  ['J · K · L', 'Play backwards · stop · play forwards (again: faster)'],
  ['← / → (Shift: 10 frames)', 'Step a frame'],
  ['Home · End', 'Go to the start · the end'],
  ['S', 'Split at the playhead'],
  ['Delete · Shift+Delete', 'Delete · ripple delete the selected clips'],
  ['Alt+← / Alt+→', 'Nudge the selected clips'],
  ['Ctrl+Alt+← / Ctrl+Alt+→', 'Nudge the selected audio clips by 1 ms'],
  ['Q · W', 'Trim the selection’s start · end to the playhead'],
  ['[ · ]', 'Select the previous · next clip'],
  ['N · M', 'Snapping on/off · add a marker'],
  ['I · O', 'Loop in · loop out'],
  ['+ · −  (Ctrl+wheel)', 'Zoom in · out'],
  ['Alt+↑ / Alt+↓ on a scene', 'Move the scene up / down'],
  ['?', 'This list'],
];

/** The keyboard reference, as a modal dialog (Esc closes it). */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useModalDialog(open);
  return (
    <dialog ref={dialog} className="shortcuts" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, action]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </dialog>
  );
}
