import type { ButtonHTMLAttributes, ReactNode } from 'react';

interface ToolButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'title'> {
  /** The accessible name, also the tooltip's first line. */
  label: string;
  /** Shown in the tooltip and exposed as aria-keyshortcuts, e.g. "Control+Z". */
  shortcut?: string;
  pressed?: boolean;
  children?: ReactNode;
}

const pretty = (shortcut: string) => shortcut.replace(/Control/g, 'Ctrl').replace(/\+/g, '+');

/** A compact toolbar button: labelled for screen readers and tests, with its shortcut in the tooltip. */
export function ToolButton({ label, shortcut, pressed, children, className, ...rest }: ToolButtonProps) {
  return (
    <button
      type="button"
      aria-label={label}
      title={shortcut ? `${label} (${pretty(shortcut)})` : label}
      aria-keyshortcuts={shortcut}
      aria-pressed={pressed}
      className={`tool${className ? ` ${className}` : ''}`}
      {...rest}
    >
      {children ?? label}
    </button>
  );
}
