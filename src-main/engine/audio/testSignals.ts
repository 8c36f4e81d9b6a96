/**
 * Signals and pictures the audio tests build themselves, with events at known times: smooth clicks (a Hann bump, so
 * resampling keeps its peak and position), a bouncing ball with exact contact times, a flashing square.
 */

/** Adds a 2 ms Hann-shaped bump of `amplitude` centred at `seconds` (a click that survives resampling). */
export function addClick(samples: Float32Array, sampleRate: number, seconds: number, amplitude: number, widthMs = 2): void {
  const half = (widthMs / 1000) * sampleRate / 2;
  const centre = seconds * sampleRate;
  for (let i = Math.max(0, Math.ceil(centre - half)); i <= Math.min(samples.length - 1, Math.floor(centre + half)); i++) {
    const x = (i - centre) / half;
    samples[i]! += amplitude * 0.5 * (1 + Math.cos(Math.PI * x));
  }
}

/** A short decaying noise burst (a knock): broadband like a real impact. Deterministic for a given seed. */
export function addKnock(samples: Float32Array, sampleRate: number, seconds: number, amplitude: number, seed: number): void {
  let state = (seed * 2654435761) >>> 0 || 1;
  const start = Math.round(seconds * sampleRate);
  const length = Math.round(0.06 * sampleRate);
  for (let i = 0; i < length && start + i < samples.length; i++) {
    if (start + i < 0) continue;
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const noise = ((state >>> 0) / 0xffffffff) * 2 - 1;
    samples[start + i]! += amplitude * noise * Math.exp(-i / (0.012 * sampleRate));
  }
}

/** Low-level noise everywhere, so "silence" is not digital zero. */
export function addNoise(samples: Float32Array, amplitude: number, seed: number): void {
  let state = (seed * 2246822519) >>> 0 || 1;
  for (let i = 0; i < samples.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    samples[i]! += amplitude * (((state >>> 0) / 0xffffffff) * 2 - 1);
  }
}

/**
 * A ball dropped from `height` (0..1 of the picture above the floor) under gravity, losing speed at each bounce.
 * Returns its height at any time and the contact times, exact (not on frame boundaries).
 */
export function bouncingBall(options: { height: number; gravity: number; restitution: number; startSeconds: number; seconds: number }) {
  const { height, gravity, restitution, startSeconds, seconds } = options;
  const contacts: number[] = [];
  // Phases: a fall from `height` first, then arcs with take-off speed v.
  const segments: { t0: number; y0: number; v0: number; t1: number }[] = [];
  let t = startSeconds;
  let v = 0;
  let y0 = height;
  for (let n = 0; n < 32 && t < startSeconds + seconds; n++) {
    // y(τ) = y0 + v τ − g τ²/2 = 0 → τ = (v + √(v² + 2 g y0)) / g
    const tau = (v + Math.sqrt(v * v + 2 * gravity * y0)) / gravity;
    segments.push({ t0: t, y0, v0: v, t1: t + tau });
    const impactSpeed = gravity * tau - v;
    t += tau;
    contacts.push(t);
    v = impactSpeed * restitution;
    y0 = 0;
    if (v < 0.05) break;
  }
  const heightAt = (time: number): number => {
    if (time < startSeconds) return height;
    for (const s of segments) {
      if (time <= s.t1) {
        const tau = time - s.t0;
        return Math.max(0, s.y0 + s.v0 * tau - (gravity * tau * tau) / 2);
      }
    }
    return 0;
  };
  return { contacts: contacts.filter((c) => c < startSeconds + seconds), heightAt };
}

/** An RGB frame: dark grey background with a textured floor line and a white disc at (cx, cy) in pixels. */
export function drawBallFrame(width: number, height: number, cx: number, cy: number, radius: number): Uint8Array {
  const frame = new Uint8Array(width * height * 3).fill(40);
  for (let y = Math.max(0, Math.floor(cy - radius - 1)); y <= Math.min(height - 1, Math.ceil(cy + radius + 1)); y++) {
    for (let x = Math.max(0, Math.floor(cx - radius - 1)); x <= Math.min(width - 1, Math.ceil(cx + radius + 1)); x++) {
      // Anti-aliased edge so sub-pixel motion shows.
      const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
      const cover = Math.min(1, Math.max(0, radius + 0.5 - d));
      const o = (y * width + x) * 3;
      const v = Math.round(40 + cover * (240 - 40));
      frame[o] = v;
      frame[o + 1] = v;
      frame[o + 2] = Math.round(40 + cover * (200 - 40));
    }
  }
  return frame;
}
