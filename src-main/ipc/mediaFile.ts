/**
 * Serves one local file as a Web `Response`, with HTTP range requests (video seeking needs them). Used by the
 * Electron media protocol (protocol.handle) and usable by web mode. The caller has already run the path guard.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import nodePath from 'node:path';
import { Readable } from 'node:stream';

const contentTypes: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.webm': 'video/webm',
  '.mov': 'video/quicktime',
  '.mkv': 'video/x-matroska',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.ogg': 'audio/ogg',
  '.flac': 'audio/flac',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(filePath: string): string {
  return contentTypes[nodePath.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export type ByteRange = { start: number; end: number };

/**
 * Parses a `Range` header against a file size. `null`: no usable single range (serve the whole file);
 * `'unsatisfiable'`: answer 416. Multi-range requests are served whole, which RFC 9110 allows.
 */
export function parseRange(header: string | null, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return 'unsatisfiable';
  return { start, end };
}

export interface FileResponseOptions {
  method: string;
  rangeHeader: string | null;
  /** Extra headers on every answer (e.g. a Content-Security-Policy for app pages). */
  headers?: Record<string, string>;
}

export async function fileResponse(filePath: string, options: FileResponseOptions): Promise<Response> {
  const base: Record<string, string> = { 'X-Content-Type-Options': 'nosniff', ...options.headers };
  if (options.method !== 'GET' && options.method !== 'HEAD') {
    return new Response(null, { status: 405, headers: { ...base, Allow: 'GET, HEAD' } });
  }
  let size: number;
  try {
    const info = await stat(filePath);
    if (!info.isFile()) return new Response(null, { status: 404, headers: base });
    size = info.size;
  } catch {
    return new Response(null, { status: 404, headers: base });
  }
  const headers: Record<string, string> = { ...base, 'Accept-Ranges': 'bytes', 'Content-Type': contentTypeFor(filePath) };
  const range = parseRange(options.rangeHeader, size);
  if (range === 'unsatisfiable') {
    return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } });
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const length = size === 0 ? 0 : end - start + 1;
  headers['Content-Length'] = String(length);
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  const status = range ? 206 : 200;
  if (options.method === 'HEAD' || length === 0) return new Response(null, { status, headers });
  const body = Readable.toWeb(createReadStream(filePath, { start, end })) as ReadableStream<Uint8Array>;
  return new Response(body, { status, headers });
}
