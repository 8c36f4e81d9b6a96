import { useEffect } from 'react';
import { useAppDispatch } from '../../app/hooks';
import { nudgeSelectionMs } from '../audio/commands';
import { redo, undo } from '../history/undoable';
import {
  addMarkerAtPlayhead,
  deleteSelection,
  goTo,
  markLoop,
  nudgeSelection,
  selectAdjacentClip,
  shuttle,
  splitAtPlayhead,
  stepFrames,
  togglePlay,
  trimSelectionToPlayhead,
  zoomBy,
} from './commands';
import { snappingToggled } from './uiSlice';

/** Typing in a field keeps its keys, except undo/redo which fields handle natively anyway. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'range'].includes(target.type);
}

/** The studio's keyboard: editing, transport and timeline keys (each also has a button or menu path). */
export function useShortcuts(): void {
  const dispatch = useAppDispatch();
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const ctrl = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const run = (fn: () => void) => {
        e.preventDefault();
        fn();
      };
      if (e.altKey && ctrl) {
        // Audio clips move by a millisecond (their fine offset).
        if (key === 'arrowleft' || key === 'arrowright') run(() => dispatch(nudgeSelectionMs(key === 'arrowleft' ? -1 : 1)));
        return;
      }
      if (e.altKey) {
        if (key === 'arrowleft' || key === 'arrowright') run(() => dispatch(nudgeSelection((key === 'arrowleft' ? -1 : 1) * (e.shiftKey ? 10 : 1))));
        return;
      }
      if (ctrl && key === 'z') return run(() => dispatch(e.shiftKey ? redo() : undo()));
      if (ctrl && key === 'y') return run(() => dispatch(redo()));
      if (ctrl) return;
      // Buttons keep Space/Enter for themselves.
      if (key === ' ' && e.target instanceof HTMLButtonElement) return;
      switch (key) {
        case ' ':
          return run(() => dispatch(togglePlay()));
        case 'j':
        case 'k':
        case 'l':
          return run(() => dispatch(shuttle(key)));
        case 'arrowleft':
          return run(() => dispatch(stepFrames(e.shiftKey ? -10 : -1)));
        case 'arrowright':
          return run(() => dispatch(stepFrames(e.shiftKey ? 10 : 1)));
        case 'home':
          return run(() => dispatch(goTo('start')));
        case 'end':
          return run(() => dispatch(goTo('end')));
        case 's':
          return run(() => dispatch(splitAtPlayhead()));
        case 'delete':
        case 'backspace':
          return run(() => dispatch(deleteSelection(e.shiftKey)));
        case 'q':
          return run(() => dispatch(trimSelectionToPlayhead('start')));
        case 'w':
          return run(() => dispatch(trimSelectionToPlayhead('end')));
        case '[':
          return run(() => dispatch(selectAdjacentClip(-1)));
        case ']':
          return run(() => dispatch(selectAdjacentClip(1)));
        case 'n':
          return run(() => dispatch(snappingToggled()));
        case 'm':
          return run(() => dispatch(addMarkerAtPlayhead()));
        case 'i':
          return run(() => dispatch(markLoop('in')));
        case 'o':
          return run(() => dispatch(markLoop('out')));
        case '=':
        case '+':
          return run(() => dispatch(zoomBy(1.25)));
        case '-':
          return run(() => dispatch(zoomBy(0.8)));
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [dispatch]);
}
