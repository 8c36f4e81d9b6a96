import { postWebUpload } from '../../app/webUpload';

/**
 * Sends a cameo's recording or reference image to web mode's `/upload/cameo` route (src-main/web/uploadRoute.ts); the
 * engine answers the bare file name `cameos.create` takes. Nothing here names a path on the engine's machine.
 */
export async function uploadCameoFile(file: Blob, name: string): Promise<string> {
  if ('scenecastIpc' in window) {
    // The desktop shell has no upload route yet; it will hand the engine the captured bytes over its own bridge.
    throw new Error('recording cameos is available in web mode for now');
  }
  return (await postWebUpload('/upload/cameo', file, name)).name;
}

/** The picture of a video element now, as a PNG: a cameo's reference image. */
export async function stillOf(video: HTMLVideoElement): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const ctx = canvas.getContext('2d');
  if (!ctx || !canvas.width) throw new Error('the camera gave no picture to keep as the reference');
  ctx.drawImage(video, 0, 0);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('could not make the reference image'))), 'image/png'));
}
