import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** What the browser may upload: sound files for the timeline (the engine checks them again on import). */
export const UPLOAD_EXTENSIONS = ['.wav', '.mp3', '.m4a', '.aac', '.flac', '.ogg', '.oga', '.opus'] as const;
/** What a cameo capture or import may upload into the cameo incoming folder (`cameos.create` checks them again). */
export const CAMEO_UPLOAD_EXTENSIONS = ['.webm', '.mp4', '.mov', '.mkv'] as const;
/** The engine's own cap on a recording (src-main/engine/cameos/incoming.ts). */
export const MAX_CAMEO_UPLOAD_BYTES = 200 * 1024 ** 2;
/** Larger than an hour of 48 kHz stereo float WAV (1.4 GB). */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

/**
 * Web mode's file chooser: a browser cannot hand the engine a path, so `POST /upload?name=<file name>` streams the
 * file's bytes into a private staging folder and answers `{ path }`, which the page passes to `audio.import` (that
 * copies it into the project). The request must carry the launch token in `X-Scenecast-Token` and come from the
 * page's origin. The stored name is a fresh id plus an allowed extension, so nothing from the request names a path.
 * `POST /upload/cameo?name=…` does the same for a cameo's recording, into the cameo incoming folder.
 */
export async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: { dir: string; authorised: (req: IncomingMessage) => boolean; maxBytes?: number; extensions?: readonly string[]; what?: string },
): Promise<void> {
  const extensions = options.extensions ?? UPLOAD_EXTENSIONS;
  const reply = (status: number, body: Record<string, string>) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
  };
  if (!options.authorised(req)) return reply(401, { error: 'not authorised: reload the studio from the link web mode printed' });
  const name = url.searchParams.get('name') ?? '';
  const ext = path.extname(name).toLowerCase();
  if (!extensions.includes(ext)) {
    return reply(415, { error: `"${name || '(no name)'}" is not ${options.what ?? 'a sound file'} this accepts (${extensions.join(' ')})` });
  }
  const max = options.maxBytes ?? MAX_UPLOAD_BYTES;
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > max) return reply(413, { error: `the file is larger than ${Math.round(max / 1024 ** 2)} MiB` });
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const target = path.join(options.dir, `${randomUUID()}${ext}`);
  let received = 0;
  try {
    await pipeline(
      req,
      async function* limit(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          received += chunk.length;
          if (received > max) throw new RangeError(`the file is larger than ${Math.round(max / 1024 ** 2)} MiB`);
          yield chunk;
        }
      },
      createWriteStream(target, { mode: 0o600 }),
    );
  } catch (err) {
    await rm(target, { force: true });
    if (err instanceof RangeError) return reply(413, { error: err.message });
    return reply(400, { error: 'the upload was interrupted; try again' });
  }
  if (received === 0) {
    await rm(target, { force: true });
    return reply(400, { error: `"${name}" is empty` });
  }
  // The bare name is what `cameos.create` takes (it reads only from its own incoming folder).
  reply(200, { path: target, name: path.basename(target) });
}
