import { useEffect, useState, type KeyboardEvent } from 'react';

interface NumberFieldProps {
  label: string;
  value: number;
  onCommit: (value: number) => void;
  step?: number;
  min?: number;
  max?: number;
  suffix?: string;
}

/** A labelled number that commits on Enter or when it loses focus (Escape puts the value back). */
export function NumberField({ label, value, onCommit, step = 1, min, max, suffix }: NumberFieldProps) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const commit = () => {
    const parsed = Number(text.replace(',', '.'));
    if (text.trim() !== '' && Number.isFinite(parsed) && parsed !== value) onCommit(parsed);
    else setText(String(value));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') commit();
    if (e.key === 'Escape') setText(String(value));
  };
  return (
    <label className="number-field">
      <span>{label}</span>
      <input type="number" aria-label={label} value={text} step={step} min={min} max={max} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={onKeyDown} />
      {suffix && <span className="meta-dim">{suffix}</span>}
    </label>
  );
}
