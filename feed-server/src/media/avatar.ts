import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** PNG, JPEG or WebP by their magic bytes (the extension and declared type are ignored). */
export function looksLikeImage(head: Buffer): boolean {
  const png = head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
  const webp = head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP';
  return png || jpeg || webp;
}

/**
 * Re-encodes an uploaded picture as a 256×256 JPEG. Re-encoding (rather than storing the upload) also drops any
 * metadata such as EXIF location. Returns false when the file is not a readable PNG/JPEG/WebP image.
 */
export async function makeAvatar(input: string, output: string, ffmpegPath: string): Promise<boolean> {
  const handle = await fs.open(input, 'r');
  const head = Buffer.alloc(12);
  try {
    await handle.read(head, 0, 12, 0);
  } finally {
    await handle.close();
  }
  if (!looksLikeImage(head)) return false;
  try {
    await run(
      ffmpegPath,
      ['-v', 'error', '-y', '-i', input, '-frames:v', '1', '-vf', 'scale=256:256:force_original_aspect_ratio=increase,crop=256:256', '-map_metadata', '-1', '-q:v', '4', output],
      { timeout: 20_000 },
    );
    return (await fs.stat(output)).size > 0;
  } catch {
    await fs.rm(output, { force: true });
    return false;
  }
}
