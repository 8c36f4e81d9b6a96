/** Sizes a canvas's bitmap for `width` × `height` CSS pixels at `ratio` device pixels each, touching it only when that changes. */
export function fitCanvas(canvas: HTMLCanvasElement, width: number, height: number, ratio: number): void {
  const w = Math.ceil(width * ratio);
  const h = Math.ceil(height * ratio);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
}
