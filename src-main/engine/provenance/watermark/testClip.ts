/**
 * Deterministic synthetic luma frames for the watermark tests: a slow gradient, a few moving discs and mild grain —
 * something like a generated shot, and not flat (a flat frame would make detection trivially easy).
 */
export function syntheticLuma(width: number, height: number, frame: number, seed = 1): Uint8Array {
  const out = new Uint8Array(width * height);
  let state = (seed * 2654435761 + frame * 40503) >>> 0;
  const noise = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296 - 0.5;
  };
  const discs = [0, 1, 2].map((i) => ({
    x: ((seed * 37 + i * 71) % width) + frame * (2 + i),
    y: ((seed * 53 + i * 29) % height) + frame * (1 - i),
    r: 12 + 8 * i,
    v: 60 + 60 * i,
  }));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 50 + (130 * x) / width + (40 * y) / height + 6 * Math.sin((x + frame * 3) / 9) * Math.cos(y / 13);
      for (const d of discs) if ((x - d.x) ** 2 + (y - d.y) ** 2 < d.r * d.r) v = d.v;
      out[y * width + x] = Math.max(0, Math.min(255, Math.round(v + 4 * noise())));
    }
  }
  return out;
}

/** Packs a luma plane as RGB24 grey (for the RGB video encoder). */
export function lumaToRgb(luma: Uint8Array): Uint8Array {
  const rgb = new Uint8Array(luma.length * 3);
  for (let i = 0; i < luma.length; i++) rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = luma[i]!;
  return rgb;
}
