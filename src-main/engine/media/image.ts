import { access } from 'node:fs/promises';
import { MediaProcessError } from './errors.js';
import type { MediaTools } from './locate.js';
import { runTool } from './process.js';

/**
 * Decodes an image (PNG, JPEG, WebP, or a video's first frame) into packed RGB24 at exactly `width × height`,
 * scaled to cover and centre-cropped so the subject keeps its proportions.
 */
export async function decodeImageRgb(tools: Pick<MediaTools, 'ffmpeg'>, imagePath: string, width: number, height: number): Promise<Uint8Array> {
  await access(imagePath).catch(() => {
    throw new MediaProcessError(`image '${imagePath}' does not exist or cannot be read`, '');
  });
  const { stdout } = await runTool(
    tools.ffmpeg,
    [
      '-hide_banner', '-loglevel', 'error', '-i', imagePath, '-frames:v', '1',
      '-vf', `scale=${width}:${height}:force_original_aspect_ratio=increase:flags=area,crop=${width}:${height}`,
      '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
    ],
    `cannot read image '${imagePath}'`,
    { timeoutMs: 30_000 },
  );
  if (stdout.length !== width * height * 3) {
    throw new MediaProcessError(`cannot read image '${imagePath}': decoded ${stdout.length} bytes, expected ${width * height * 3}`, '');
  }
  return new Uint8Array(stdout.buffer, stdout.byteOffset, stdout.length);
}
