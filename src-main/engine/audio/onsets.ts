import { Fft } from './fft.js';
import { pickPeaks } from './peaks.js';

/**
 * Audio onsets by spectral flux: short-time spectra (Hann window, 1 ms hop), log-compressed magnitudes, and the sum of
 * their rises against the spectrum a few milliseconds earlier. A knock, a footstep or a clap makes many bins rise at
 * once; a steady tone or steady noise does not.
 */

export const ONSET_SAMPLE_RATE = 16_000;
const WINDOW = 256; // 16 ms at 16 kHz: short, so an onset's time is sharp
const HOP = 16; // 1 ms: the flux curve comes out at 1 kHz, the rate the correlation works at
const COMPARE_HOPS = 4; // rise measured over 4 ms, so a fast attack counts in full
const COMPRESSION = 100; // log(1 + γ·amplitude): -60 dBFS noise ≈ 0.1, a full-scale hit ≈ 4

export interface AudioOnset {
  /** Seconds from the first analysed sample. */
  seconds: number;
  /** Flux at the peak, relative to the strongest onset found (0..1]. */
  strength: number;
}

export interface OnsetAnalysis {
  /** Spectral flux, one value per millisecond from the first analysed sample. */
  flux: Float32Array;
  onsets: AudioOnset[];
}

/** The flux curve at 1 kHz of mono samples at ONSET_SAMPLE_RATE. Value i describes the rise at time i ms. */
export function spectralFlux(samples: Float32Array): Float32Array {
  const frames = Math.max(0, Math.floor((samples.length - WINDOW) / HOP) + 1);
  const bins = WINDOW / 2;
  const fft = new Fft(WINDOW);
  const window = Float64Array.from({ length: WINDOW }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / WINDOW));
  const scale = 4 / WINDOW; // a full-scale sine reads 1 in its bin
  const re = new Float64Array(WINDOW);
  const im = new Float64Array(WINDOW);
  // A ring of the last COMPARE_HOPS spectra.
  const history = Array.from({ length: COMPARE_HOPS }, () => new Float32Array(bins));
  // Frame f covers samples [f·HOP, f·HOP + WINDOW). Its rise is reported at the window's middle: an attack at the
  // middle is where the Hann window's weight grows fastest for log magnitudes of a rising sound.
  const centre = Math.round(WINDOW / 2 / HOP);
  const flux = new Float32Array(frames + centre);
  for (let f = 0; f < frames; f++) {
    const start = f * HOP;
    for (let i = 0; i < WINDOW; i++) {
      re[i] = samples[start + i]! * window[i]!;
      im[i] = 0;
    }
    fft.transform(re, im);
    const previous = history[f % COMPARE_HOPS]!;
    let rise = 0;
    for (let k = 1; k < bins; k++) {
      const magnitude = Math.log1p(COMPRESSION * scale * Math.hypot(re[k]!, im[k]!));
      if (f >= COMPARE_HOPS) rise += Math.max(0, magnitude - previous[k]!);
      previous[k] = magnitude;
    }
    const at = f + centre;
    if (at < flux.length) flux[at] = rise / bins;
  }
  return flux;
}

/** Onsets in mono samples at ONSET_SAMPLE_RATE. */
export function detectOnsets(samples: Float32Array): OnsetAnalysis {
  const flux = spectralFlux(samples);
  const peaks = pickPeaks(flux, { radius: 40, meanRadius: 500, ratio: 3, floor: 0.05 });
  const strongest = peaks.reduce((max, p) => Math.max(max, p.value), 0);
  return { flux, onsets: peaks.map((p) => ({ seconds: p.position / 1000, strength: p.value / strongest })) };
}
