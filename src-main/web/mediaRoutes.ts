import { createHmac } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const contentTypes: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.json': 'application/json',
};

/**
 * Media for the browser by capability URL: the engine asks for a URL for a file it produced or opened, and only those
 * files are served. A URL's id is an HMAC of the path under a per-launch key, so it cannot be guessed or pointed at
 * another file, and no path from a request ever reaches the file system.
 */
export class MediaRoutes {
  private readonly files = new Map<string, string>();

  constructor(private readonly key: string) {}

  urlFor(absolutePath: string): string {
    const resolved = path.resolve(absolutePath);
    const id = createHmac('sha256', this.key).update(resolved).digest('base64url').slice(0, 32);
    this.files.set(id, resolved);
    return `/media/${id}/${encodeURIComponent(path.basename(resolved))}`;
  }

  /** Handles `/media/<id>/<name>`; returns false for other paths. */
  async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const match = /^\/media\/([A-Za-z0-9_-]{32})\/[^/]*$/.exec(pathname);
    if (!match) return false;
    const file = this.files.get(match[1]!);
    if (!file) return notFound(res);
    let size: number;
    try {
      const s = await stat(file);
      if (!s.isFile()) return notFound(res);
      size = s.size;
    } catch {
      return notFound(res);
    }
    const headers: Record<string, string | number> = {
      'Content-Type': contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    };
    const range = parseRange(req.headers.range, size);
    if (range === 'invalid') {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
      return true;
    }
    if (range) {
      res.writeHead(206, { ...headers, 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, 'Content-Length': range.end - range.start + 1 });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file, { start: range.start, end: range.end }).pipe(res);
      return true;
    }
    res.writeHead(200, { ...headers, 'Content-Length': size });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return true;
  }
}

/** A single `bytes=` range (what media elements send); multi-range requests get the whole file. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'invalid' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, a, b] = m;
  let start: number;
  let end: number;
  if (a === '' && b === '') return 'invalid';
  if (a === '') {
    start = Math.max(0, size - Number(b));
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start > end || start >= size) return 'invalid';
  return { start, end };
}

function notFound(res: ServerResponse): true {
  res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  return true;
}
