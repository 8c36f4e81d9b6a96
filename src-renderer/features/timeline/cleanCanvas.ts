/**
 * A cleared 2D context for drawing `width` × `height` CSS pixels on `canvas` at the screen's pixel ratio, or null when
 * the canvas has no 2D context. The bitmap is resized only when its size changes: assigning a canvas's size
 * reallocates the bitmap even when the size is the same.
 */
export function cleanCanvas(canvas: HTMLCanvasElement | null, width: number, height: number): CanvasRenderingContext2D | null {
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx) return null;
  const ratio = window.devicePixelRatio || 1;
  const w = Math.ceil(width * ratio);
  const h = Math.ceil(height * ratio);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}
