import { useEffect, useRef, useState } from 'react';
import { useAppSelector } from '../../app/hooks';
import { previewMix } from './previewMix';

const FLOOR_DB = -60;

/** The preview mix's output level per channel (peak dBFS), as two meters; they fall back to silence when stopped. */
export function LevelMeters() {
  const playing = useAppSelector((s) => s.ui.playing);
  const [levels, setLevels] = useState<number[]>([FLOOR_DB, FLOOR_DB]);
  const held = useRef<number[]>([FLOOR_DB, FLOOR_DB]);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(
    () =>
      previewMix.onProblem(() => {
        const [url, reason] = [...previewMix.errors][0] ?? [];
        setProblem(url ? `${decodeURIComponent(url.split('/').pop() ?? url)}: ${reason}` : null);
      }),
    [],
  );

  useEffect(() => {
    if (!playing) {
      held.current = [FLOOR_DB, FLOOR_DB];
      setLevels([FLOOR_DB, FLOOR_DB]);
      return;
    }
    let raf = 0;
    const tick = () => {
      const now = previewMix.levels();
      // Fast attack, slow release (about 20 dB a second at 60 frames a second), as meters do.
      held.current = [0, 1].map((i) => Math.max(FLOOR_DB, Math.min(0, Math.max(now[i] ?? FLOOR_DB, (held.current[i] ?? FLOOR_DB) - 0.35))));
      setLevels(held.current);
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [playing]);

  return (
    <span className="level-meters" aria-label="Audio levels">
      {problem && (
        <span className="mix-problem" role="alert" title={problem}>
          A sound cannot play in the preview — {problem}
        </span>
      )}
      {levels.map((db, i) => (
        <span
          key={i}
          className="level-meter"
          role="meter"
          aria-label={i === 0 ? 'Left level' : 'Right level'}
          aria-valuemin={FLOOR_DB}
          aria-valuemax={0}
          aria-valuenow={Math.round(db)}
          aria-valuetext={db <= FLOOR_DB ? 'silent' : `${Math.round(db)} dB`}
        >
          <span style={{ width: `${((db - FLOOR_DB) / -FLOOR_DB) * 100}%` }} />
        </span>
      ))}
    </span>
  );
}
