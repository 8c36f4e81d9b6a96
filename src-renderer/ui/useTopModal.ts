import { useEffect, useState } from 'react';

/**
 * The modal <dialog> open now (the last in the page when several are), or null. A modal dialog makes the rest of the
 * page inert, so something that must stay readable and clickable above it — an alert — is put inside it.
 */
export function useTopModal(): HTMLDialogElement | null {
  const [top, setTop] = useState<HTMLDialogElement | null>(null);
  useEffect(() => {
    const find = () => setTop([...document.querySelectorAll('dialog[open]')].filter((d): d is HTMLDialogElement => d.matches(':modal')).at(-1) ?? null);
    find();
    const observer = new MutationObserver(find);
    observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['open'] });
    return () => observer.disconnect();
  }, []);
  return top;
}
