import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

interface SplitterProps {
  label: string;
  orientation: 'vertical' | 'horizontal';
  size: number;
  /** +1 when dragging right/down grows the panel, -1 when it shrinks it. */
  direction: 1 | -1;
  onResize: (size: number) => void;
}

/** A draggable (and keyboard-operable) divider between two panels. */
export function Splitter({ label, orientation, size, direction, onResize }: SplitterProps) {
  const start = useRef<{ pos: number; size: number } | null>(null);
  const axis = (e: PointerEvent) => (orientation === 'vertical' ? e.clientX : e.clientY);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    start.current = { pos: axis(e), size };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!start.current) return;
    onResize(start.current.size + direction * (axis(e) - start.current.pos));
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const grow = orientation === 'vertical' ? { ArrowRight: 1, ArrowLeft: -1 } : { ArrowDown: 1, ArrowUp: -1 };
    const step = grow[e.key as keyof typeof grow];
    if (step) {
      e.preventDefault();
      onResize(size + step * direction * 20);
    }
  };
  return (
    <div
      role="separator"
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={size}
      tabIndex={0}
      className={`splitter splitter-${orientation}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (start.current = null)}
      onKeyDown={onKeyDown}
    />
  );
}
