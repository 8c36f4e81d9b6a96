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

/** Computes the flux frame by frame, in slices, so a long file can be analysed without blocking the event loop. */
class FluxJob {
  readonly frames: number;
  readonly flux: Float32Array;
  private next = 0;
  private readonly fft = new Fft(WINDOW);
  private readonly window = Float64Array.from({ length: WINDOW }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / WINDOW));
  private readonly re = new Float64Array(WINDOW);
  private readonly im = new Float64Array(WINDOW);
  /** A ring of the last COMPARE_HOPS spectra. */
  private readonly history = Array.from({ length: COMPARE_HOPS }, () => new Float32Array(WINDOW / 2));
  // Frame f covers samples [f·HOP, f·HOP + WINDOW); its rise is reported at the window's middle, where a rising
  // sound's weight in the Hann window grows fastest.
  private readonly centre = Math.round(WINDOW / 2 / HOP);

  constructor(private readonly samples: Float32Array) {
    this.frames = Math.max(0, Math.floor((samples.length - WINDOW) / HOP) + 1);
    this.flux = new Float32Array(this.frames + this.centre);
  }

  get done(): boolean {
    return this.next >= this.frames;
  }

  run(count: number): void {
    const bins = WINDOW / 2;
    const scale = 4 / WINDOW; // a full-scale sine reads 1 in its bin
    const { re, im, window, samples } = this;
    const end = Math.min(this.frames, this.next + count);
    for (let f = this.next; f < end; f++) {
      const start = f * HOP;
      for (let i = 0; i < WINDOW; i++) {
        re[i] = samples[start + i]! * window[i]!;
        im[i] = 0;
      }
      this.fft.transform(re, im);
      const previous = this.history[f % COMPARE_HOPS]!;
      let rise = 0;
      for (let k = 1; k < bins; k++) {
        const magnitude = Math.log1p(COMPRESSION * scale * Math.hypot(re[k]!, im[k]!));
        if (f >= COMPARE_HOPS) rise += Math.max(0, magnitude - previous[k]!);
        previous[k] = magnitude;
      }
      this.flux[f + this.centre] = rise / bins;
    }
    this.next = end;
  }
}

/** The flux curve at 1 kHz of mono samples at ONSET_SAMPLE_RATE. Value i describes the rise at time i ms. */
export function spectralFlux(samples: Float32Array): Float32Array {
  const job = new FluxJob(samples);
  job.run(job.frames);
  return job.flux;
}

/** Frames per slice: about 20–40 ms of work, then the event loop gets a turn. */
const SLICE_FRAMES = 1000;

/** `spectralFlux`, yielding to the event loop between slices (a two-minute file is a few seconds of work). */
export async function spectralFluxAsync(samples: Float32Array): Promise<Float32Array> {
  const job = new FluxJob(samples);
  while (!job.done) {
    job.run(SLICE_FRAMES);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return job.flux;
}

function pickOnsets(flux: Float32Array): AudioOnset[] {
  const peaks = pickPeaks(flux, { radius: 40, meanRadius: 500, ratio: 3, floor: 0.05 });
  const strongest = peaks.reduce((max, p) => Math.max(max, p.value), 0);
  return peaks.map((p) => ({ seconds: p.position / 1000, strength: p.value / strongest }));
}

/** Onsets in mono samples at ONSET_SAMPLE_RATE. */
export function detectOnsets(samples: Float32Array): OnsetAnalysis {
  const flux = spectralFlux(samples);
  return { flux, onsets: pickOnsets(flux) };
}

/** `detectOnsets` without blocking the event loop for long. */
export async function detectOnsetsAsync(samples: Float32Array): Promise<OnsetAnalysis> {
  const flux = await spectralFluxAsync(samples);
  return { flux, onsets: pickOnsets(flux) };
}
