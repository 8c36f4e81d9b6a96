import { useState } from 'react';
import { MIN_CLIP_SECONDS } from './captureScript';

export type ClipState =
  | { state: 'none' }
  | { state: 'ready'; file: File; extension: string; seconds: number }
  | { state: 'error'; message: string };

const EXTENSIONS = ['webm', 'mp4', 'mov', 'mkv'];

/** A chosen clip for a pet or object cameo: its length checked here first (the engine checks again and takes the reference images from it). */
export function useClipUpload() {
  const [state, setState] = useState<ClipState>({ state: 'none' });

  const choose = async (file: File | null) => {
    if (!file) return setState({ state: 'none' });
    const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
    if (!EXTENSIONS.includes(extension)) return setState({ state: 'error', message: `${file.name}: a clip is a .webm, .mp4, .mov or .mkv file` });
    const url = URL.createObjectURL(file);
    const video = document.createElement('video');
    video.muted = true;
    video.preload = 'auto';
    try {
      video.src = url;
      await new Promise<void>((resolve, reject) => {
        video.onloadedmetadata = () => resolve();
        video.onerror = () => reject(new Error(`${file.name} could not be read as a video`));
      });
      const seconds = video.duration;
      if (!Number.isFinite(seconds) || seconds < MIN_CLIP_SECONDS) {
        return setState({ state: 'error', message: `${file.name} is ${Number.isFinite(seconds) ? seconds.toFixed(1) : 'of unknown length'} s; a clip must be at least ${MIN_CLIP_SECONDS} s` });
      }
      setState({ state: 'ready', file, extension, seconds });
    } catch (err) {
      setState({ state: 'error', message: err instanceof Error ? err.message : String(err) });
    } finally {
      URL.revokeObjectURL(url);
    }
  };

  return { state, choose };
}
