interface FftPlan {
  reverse: Uint32Array;
  cos: Float64Array;
  sin: Float64Array;
}

const plans = new Map<number, FftPlan>();

function plan(n: number): FftPlan {
  let p = plans.get(n);
  if (!p) {
    const bits = Math.log2(n);
    const reverse = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) if (i & (1 << b)) r |= 1 << (bits - 1 - b);
      reverse[i] = r;
    }
    const cos = Float64Array.from({ length: n / 2 }, (_, k) => Math.cos((-2 * Math.PI * k) / n));
    const sin = Float64Array.from({ length: n / 2 }, (_, k) => Math.sin((-2 * Math.PI * k) / n));
    p = { reverse, cos, sin };
    plans.set(n, p);
  }
  return p;
}

/** Radix-2 complex FFT of one row/column, read and written with a stride. `inverse` does not scale. */
function fft1d(re: Float64Array, im: Float64Array, offset: number, stride: number, n: number, inverse: boolean, bufRe: Float64Array, bufIm: Float64Array): void {
  const { reverse, cos, sin } = plan(n);
  for (let i = 0; i < n; i++) {
    const j = offset + reverse[i]! * stride;
    bufRe[i] = re[j]!;
    bufIm[i] = im[j]!;
  }
  const sign = inverse ? -1 : 1;
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const step = n / len;
    for (let start = 0; start < n; start += len) {
      for (let k = 0; k < half; k++) {
        const wRe = cos[k * step]!;
        const wIm = sign * sin[k * step]!;
        const a = start + k;
        const b = a + half;
        const tRe = bufRe[b]! * wRe - bufIm[b]! * wIm;
        const tIm = bufRe[b]! * wIm + bufIm[b]! * wRe;
        bufRe[b] = bufRe[a]! - tRe;
        bufIm[b] = bufIm[a]! - tIm;
        bufRe[a] = bufRe[a]! + tRe;
        bufIm[a] = bufIm[a]! + tIm;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    re[offset + i * stride] = bufRe[i]!;
    im[offset + i * stride] = bufIm[i]!;
  }
}

/** 2-D FFT of an n×n complex array (row-major), in place; n a power of two. The inverse is scaled by 1/n². */
export function fft2d(re: Float64Array, im: Float64Array, n: number, inverse = false): void {
  if (n < 1 || n & (n - 1)) throw new RangeError(`fft2d: size ${n} is not a power of two`);
  const bufRe = new Float64Array(n);
  const bufIm = new Float64Array(n);
  for (let row = 0; row < n; row++) fft1d(re, im, row * n, 1, n, inverse, bufRe, bufIm);
  for (let col = 0; col < n; col++) fft1d(re, im, col, n, n, inverse, bufRe, bufIm);
  if (inverse) {
    const scale = 1 / (n * n);
    for (let i = 0; i < n * n; i++) {
      re[i] = re[i]! * scale;
      im[i] = im[i]! * scale;
    }
  }
}
