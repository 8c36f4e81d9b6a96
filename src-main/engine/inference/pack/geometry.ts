import type { PackManifest } from './manifest.js';

export interface VideoGeometry {
  frames: number;
  width: number;
  height: number;
  latentFrames: number;
  latentHeight: number;
  latentWidth: number;
  /** Sound samples covering the clip, when the pack makes sound (frames × sampleRate / fps). */
  audioSamples: number;
}

/** Frame counts the pack can produce: within [min, max] and of the form 1 + k·temporalCompression. */
export function isValidFrameCount(manifest: PackManifest, frames: number): boolean {
  const { min, max } = manifest.video.frames;
  const tc = manifest.latent.temporalCompression;
  return Number.isInteger(frames) && frames >= min && frames <= max && (tc === 1 || (frames - 1) % tc === 0);
}

/** The smallest valid frame count that covers `seconds` at the pack's fps, clamped to the pack's range. */
export function frameCountForSeconds(manifest: PackManifest, seconds: number): number {
  const wanted = Math.max(1, Math.round(seconds * manifest.video.fps));
  const tc = manifest.latent.temporalCompression;
  const { min, max } = manifest.video.frames;
  let frames = tc === 1 ? wanted : Math.ceil((wanted - 1) / tc) * tc + 1;
  if (frames < min) frames = firstValidAtOrAbove(manifest, min);
  if (frames > max) frames = lastValidAtOrBelow(manifest, max);
  return frames;
}

function firstValidAtOrAbove(manifest: PackManifest, n: number): number {
  for (let f = n; f <= manifest.video.frames.max; f++) if (isValidFrameCount(manifest, f)) return f;
  return n;
}

function lastValidAtOrBelow(manifest: PackManifest, n: number): number {
  for (let f = n; f >= manifest.video.frames.min; f--) if (isValidFrameCount(manifest, f)) return f;
  return n;
}

export function videoGeometry(manifest: PackManifest, frames: number, width: number, height: number): VideoGeometry {
  const s = manifest.latent.spatialCompression;
  const tc = manifest.latent.temporalCompression;
  return {
    frames,
    width,
    height,
    latentFrames: tc === 1 ? frames : (frames - 1) / tc + 1,
    latentHeight: height / s,
    latentWidth: width / s,
    audioSamples: manifest.audio ? (frames * manifest.audio.sampleRate) / manifest.video.fps : 0,
  };
}

/** Resolves a manifest shape against a job's geometry and batch size. */
export function resolveShape(shape: PackManifest['components']['denoiser']['inputs']['latents']['shape'], g: VideoGeometry, batch: number): number[] {
  return shape.map((d) => {
    if (typeof d === 'number') return d;
    switch (d) {
      case 'batch':
        return batch;
      case 'frames':
        return g.frames;
      case 'height':
        return g.height;
      case 'width':
        return g.width;
      case 'latent_frames':
        return g.latentFrames;
      case 'latent_height':
        return g.latentHeight;
      case 'latent_width':
        return g.latentWidth;
      case 'audio_samples':
        return g.audioSamples;
    }
  });
}
