import { useRef, useState, type CSSProperties } from 'react';

interface MarkerLabelEditorProps {
  label: string;
  timecode: string;
  style: CSSProperties;
  /** The new label (Enter, or focus leaving the field), or null when cancelled (Esc). */
  onDone: (label: string | null) => void;
  onDelete: () => void;
}

export const MAX_MARKER_LABEL = 256;

/** Renames a marker in place, beside its diamond. */
export function MarkerLabelEditor({ label, timecode, style, onDone, onDelete }: MarkerLabelEditorProps) {
  const [text, setText] = useState(label);
  const settled = useRef(false);
  const done = (value: string | null) => {
    if (settled.current) return;
    settled.current = true;
    onDone(value === null ? null : value.trim());
  };
  return (
    <form
      className="marker-editor"
      style={style}
      aria-label={`Rename the marker at ${timecode}`}
      // The lanes' pointer gestures (drag, marquee) must not take clicks meant for the field.
      onPointerDown={(e) => e.stopPropagation()}
      onSubmit={(e) => {
        e.preventDefault();
        done(text);
      }}
    >
      <input
        aria-label="Marker label"
        value={text}
        maxLength={MAX_MARKER_LABEL}
        autoFocus
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            done(null);
          }
        }}
        onBlur={(e) => {
          // Moving to the delete button is not leaving the editor.
          if (!e.currentTarget.form?.contains(e.relatedTarget as Node | null)) done(text);
        }}
      />
      <button type="button" className="mini" aria-label="Delete marker" title="Delete marker" onClick={onDelete}>
        ✕
      </button>
    </form>
  );
}
