/**
 * How this page talks to the Scenecast studio it is shown in. Web mode frames the page, so messages go to the parent
 * frame; the desktop app shows it in a view of its own whose preload exposes `window.scenecastStudio` (remix only).
 * In a plain browser tab there is no studio and nothing is sent.
 */
interface StudioBridge {
  remix(postId: string): void;
}

function desktopStudio(): StudioBridge | undefined {
  const bridge = (window as { scenecastStudio?: unknown }).scenecastStudio;
  return typeof bridge === 'object' && bridge !== null && typeof (bridge as StudioBridge).remix === 'function' ? (bridge as StudioBridge) : undefined;
}

/** True when a studio shows this page (so a remix will open there). */
export function inStudio(): boolean {
  return window.parent !== window || desktopStudio() !== undefined;
}

/** Hands a remix to the studio: it opens a new project from the post. */
export function sendRemixToStudio(seed: { postId: string; title: string; prompt: string; storyboardSummary: string }): void {
  if (window.parent !== window) window.parent.postMessage({ type: 'scenecast:remix', seed }, '*');
  else desktopStudio()?.remix(seed.postId);
}
