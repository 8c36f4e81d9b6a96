import { useEffect, useRef } from 'react';

/** A native <dialog> shown modally while `open` is true (Esc and the dialog's own close still call its onClose). */
export function useModalDialog(open: boolean) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return dialog;
}
