import { useEffect, useMemo, useRef, useState } from 'react';

/**
 * How long after the last Ctrl+wheel step a zoom gesture counts as over. Long enough that a slow frame on a busy machine
 * does not end the gesture halfway (bringing every clip back only to drop them at the next step).
 */
export const ZOOM_SETTLE_MS = 350;

/**
 * Whether a wheel or pinch zoom is under way: true from its first step until ZOOM_SETTLE_MS after its last. While it
 * is, the lanes' clips are drawn as bars on one canvas (ZoomOverview), so each step costs one canvas redraw instead of restyling,
 * laying out and repainting every clip (and its waveform) in view; the clips come back once the zoom rests.
 */
export function useZoomGesture(): { active: boolean; started: () => void } {
  const [active, setActive] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const activeRef = useRef(false);
  const started = useMemo(
    () => () => {
      if (!activeRef.current) {
        activeRef.current = true;
        setActive(true);
      }
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        activeRef.current = false;
        setActive(false);
      }, ZOOM_SETTLE_MS);
    },
    [],
  );
  useEffect(() => () => clearTimeout(timer.current), []);
  return { active, started };
}
