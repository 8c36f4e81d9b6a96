/**
 * Where the feed view goes in the window. The studio page reports its sidebar slot in CSS pixels; a WebContentsView is
 * placed in device-independent pixels of the window's content area. They differ by the page's zoom factor (Ctrl+= in
 * the studio), and the page's numbers are fractional and may reach past the window (a panel scrolled or mid-resize).
 * Electron-free, so it is tested.
 */
import type { SlotRect } from '../ipc/feedViewProtocol.js';

/** Electron's `Rectangle`: integers, in DIPs of the window's content view. */
export interface ViewBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The view's bounds for a slot, or null when nothing of it can be shown (no slot, an empty one, or one entirely
 * outside the window): the view is hidden then. Edges are rounded separately so two panels that meet in CSS pixels
 * still meet after scaling, and the result is clipped to the content area.
 */
export function feedViewBounds(slot: SlotRect | null, zoomFactor: number, content: { width: number; height: number }): ViewBounds | null {
  if (!slot || !(zoomFactor > 0) || !Number.isFinite(zoomFactor)) return null;
  const left = clamp(Math.round(slot.x * zoomFactor), 0, content.width);
  const top = clamp(Math.round(slot.y * zoomFactor), 0, content.height);
  const right = clamp(Math.round((slot.x + slot.width) * zoomFactor), 0, content.width);
  const bottom = clamp(Math.round((slot.y + slot.height) * zoomFactor), 0, content.height);
  if (right - left < 1 || bottom - top < 1) return null;
  return { x: left, y: top, width: right - left, height: bottom - top };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}
