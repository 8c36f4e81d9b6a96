import { useCallback, useEffect, useRef, useState } from 'react';
import { CAPTURE_SCRIPT, stepAt, type CaptureStep } from './captureScript';

export type RecordingState =
  | { state: 'off' }
  | { state: 'starting' }
  | { state: 'ready' }
  | { state: 'recording'; seconds: number; step: CaptureStep }
  | { state: 'recorded'; recording: Blob; seconds: number }
  | { state: 'error'; message: string };

const MIME_TYPES = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm'];

function cameraError(err: unknown): string {
  const name = err instanceof DOMException ? err.name : '';
  if (name === 'NotAllowedError') return 'The browser was not allowed to use the camera and microphone; allow them and try again.';
  if (name === 'NotFoundError') return 'No camera or microphone was found; connect one and try again.';
  if (name === 'NotReadableError') return 'The camera or microphone is in use by another program.';
  return `The camera could not start: ${err instanceof Error ? err.message : String(err)}`;
}

/**
 * The camera and microphone for a guided cameo recording: a live preview, then a recording that follows
 * CAPTURE_SCRIPT (the clock starts when the recorder does). The engine takes the reference images from the recording.
 */
export function useCameraRecording() {
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const [status, setStatus] = useState<RecordingState>({ state: 'off' });

  const stop = useCallback(() => {
    stream.current?.getTracks().forEach((t) => t.stop());
    stream.current = null;
    if (video.current) video.current.srcObject = null;
  }, []);
  useEffect(() => stop, [stop]);

  const start = useCallback(async () => {
    setStatus({ state: 'starting' });
    try {
      const media = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
      stream.current = media;
      if (video.current) {
        video.current.srcObject = media;
        await video.current.play().catch(() => undefined);
      }
      setStatus({ state: 'ready' });
    } catch (err) {
      setStatus({ state: 'error', message: cameraError(err) });
    }
  }, []);

  const record = useCallback(async () => {
    const media = stream.current;
    if (!media) return;
    const mimeType = MIME_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
    const recorder = new MediaRecorder(media, mimeType ? { mimeType } : undefined);
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => e.data.size && chunks.push(e.data);
    const stopped = new Promise<void>((resolve) => (recorder.onstop = () => resolve()));
    await new Promise<void>((resolve) => {
      recorder.onstart = () => resolve();
      recorder.start(250);
    });
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const tick = () => {
        const seconds = (performance.now() - t0) / 1000;
        if (seconds >= CAPTURE_SCRIPT.done) return resolve();
        setStatus({ state: 'recording', seconds, step: stepAt(seconds) });
        setTimeout(tick, 100);
      };
      tick();
    });
    recorder.stop();
    await stopped;
    const seconds = (performance.now() - t0) / 1000;
    stop();
    setStatus({ state: 'recorded', recording: new Blob(chunks, { type: recorder.mimeType || 'video/webm' }), seconds });
  }, [stop]);

  const reset = useCallback(() => {
    stop();
    setStatus({ state: 'off' });
  }, [stop]);

  return { video, status, start, record, reset };
}
