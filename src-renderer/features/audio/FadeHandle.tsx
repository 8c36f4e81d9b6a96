import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { useAppDispatch, useAppStore } from '../../app/hooks';
import { audioClipChanged } from '../document/documentSlice';

interface FadeHandleProps {
  clipId: string;
  edge: 'in' | 'out';
  frames: number;
  maxFrames: number;
  clipName: string;
}

/**
 * A fade handle at a top corner of an audio clip: drag it along the clip (one undo step per drag), or focus it and
 * use ←/→ (Shift: 10 frames), Home/End. It sits where the fade ends.
 */
export function FadeHandle({ clipId, edge, frames, maxFrames, clipName }: FadeHandleProps) {
  const dispatch = useAppDispatch();
  const store = useAppStore();
  const drag = useRef<{ x: number; frames: number; gesture: string } | null>(null);
  const field = edge === 'in' ? 'fadeInFrames' : 'fadeOutFrames';
  const set = (value: number, gesture?: string) => dispatch(audioClipChanged({ id: clipId, [field]: value }, gesture));

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    // The timeline's own gestures (move, trim, marquee) must not start under a fade handle.
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, frames, gesture: `fade:${clipId}:${crypto.randomUUID()}` };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    const zoom = store.getState().ui.zoom;
    const delta = (e.clientX - d.x) / zoom;
    set(Math.round(d.frames + (edge === 'in' ? delta : -delta)), d.gesture);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    e.stopPropagation();
    drag.current = null;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 10 : 1;
    const grow = edge === 'in' ? 'ArrowRight' : 'ArrowLeft';
    const shrink = edge === 'in' ? 'ArrowLeft' : 'ArrowRight';
    let next: number | null = null;
    if (e.key === grow) next = frames + step;
    else if (e.key === shrink) next = frames - step;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = maxFrames;
    if (next === null) return;
    // Arrow keys here adjust the fade, not the playhead.
    e.preventDefault();
    e.stopPropagation();
    set(next, `fade-keys:${clipId}:${edge}`);
  };

  return (
    <div
      className={`fade-handle fade-${edge}`}
      role="slider"
      tabIndex={0}
      aria-label={`Fade ${edge} of ${clipName}`}
      aria-valuemin={0}
      aria-valuemax={maxFrames}
      aria-valuenow={frames}
      aria-valuetext={`${frames} frames`}
      title={`Fade ${edge}: ${frames} frames (drag, or focus and use the arrow keys)`}
      style={{ '--f': frames } as React.CSSProperties}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
