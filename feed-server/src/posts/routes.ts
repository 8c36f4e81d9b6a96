import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { requireViewer } from '../http/auth.js';
import { HttpError, badRequest, notFound } from '../http/errors.js';
import { parse } from '../http/parse.js';
import { newId } from '../ids.js';
import type { FeedServices } from '../services.js';
import { PostUpdateSchema, PublishMetadataSchema } from './posts.js';

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'upload_too_large', `Uploads are limited to ${Math.floor(limit / (1024 * 1024))} MiB.`);
}

export function postRoutes(app: FastifyInstance, s: FeedServices): void {
  const publishLimit = {
    max: s.config.rateLimits.publishPerHour,
    timeWindow: 3_600_000,
    keyGenerator: (req: import('fastify').FastifyRequest) => req.auth?.session.viewer.id ?? req.ip,
  };

  /** Publish: multipart with a `metadata` JSON field and one `video` file. */
  app.post('/api/posts', { config: { rateLimit: publishLimit } }, async (req, reply) => {
    const viewer = requireViewer(req);
    if (!req.isMultipart()) throw badRequest('not_multipart', 'Publish with multipart/form-data: a metadata field and a video file.');
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > s.config.maxUploadBytes + 64 * 1024) throw tooLarge(s.config.maxUploadBytes);
    const uploadPath = path.join(s.tmpDir, `upload-${newId()}`);
    let metadataText: string | undefined;
    let metadataJson: unknown;
    let gotVideo = false;
    try {
      for await (const part of req.parts({ limits: { fileSize: s.config.maxUploadBytes, files: 1, fields: 4, fieldSize: 64 * 1024 } })) {
        if (part.type === 'file') {
          if (part.fieldname !== 'video' || gotVideo) {
            part.file.resume();
            throw badRequest('unexpected_file', 'Send exactly one file, in the field "video".');
          }
          gotVideo = true;
          // The client's file name and content type are ignored: only the bytes are checked.
          await pipeline(part.file, createWriteStream(uploadPath, { flags: 'wx' }));
          if (part.file.truncated) throw tooLarge(s.config.maxUploadBytes);
        } else if (part.fieldname === 'metadata') {
          // @fastify/multipart already parses a field sent as application/json; a plain text field is parsed here.
          if (typeof part.value === 'string') metadataText = part.value;
          else metadataJson = part.value;
        }
      }
      if (!gotVideo) throw badRequest('missing_video', 'The upload has no video file (field "video").');
      if (metadataText !== undefined) {
        try {
          metadataJson = JSON.parse(metadataText);
        } catch {
          throw badRequest('invalid_metadata', 'The metadata field is not valid JSON.');
        }
      }
      if (metadataJson === undefined) throw badRequest('missing_metadata', 'The upload has no metadata field.');
      const metadata = parse(PublishMetadataSchema, metadataJson);
      const post = await s.posts.publish(viewer, metadata, uploadPath);
      reply.code(201);
      return post;
    } catch (error) {
      // @fastify/multipart's own limit errors, in the feed's words.
      const code = (error as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(s.config.maxUploadBytes);
      if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') {
        throw badRequest('too_many_parts', 'Send one metadata field and one video file.');
      }
      throw error;
    } finally {
      await fs.rm(uploadPath, { force: true });
    }
  });

  app.get<{ Params: { id: string } }>('/api/posts/:id', async (req) => s.posts.get(req.params.id, req.auth?.session.viewer.id));
  app.get<{ Params: { id: string } }>('/api/posts/:id/provenance', async (req) => s.posts.provenance(req.params.id));
  app.patch<{ Params: { id: string } }>('/api/posts/:id', async (req) =>
    s.posts.update(requireViewer(req), req.params.id, parse(PostUpdateSchema, req.body)),
  );
  app.delete<{ Params: { id: string } }>('/api/posts/:id', async (req) => {
    await s.posts.delete(requireViewer(req), req.params.id);
    return { ok: true };
  });

  app.get<{ Params: { id: string } }>('/media/:id/poster.jpg', async (req, reply) => {
    const key = await s.posts.playableKey(req.params.id, 'poster');
    const stat = await s.media.stat(key);
    if (!stat) throw notFound('That poster');
    reply.header('content-type', 'image/jpeg').header('content-length', stat.size).header('cache-control', 'public, max-age=3600');
    return reply.send(s.media.read(key));
  });

  /** Playback with HTTP range requests (one range; multi-range requests get the whole file, as RFC 9110 allows). */
  app.get<{ Params: { id: string } }>('/media/:id/video.mp4', async (req, reply) => {
    const key = await s.posts.playableKey(req.params.id, 'video');
    const stat = await s.media.stat(key);
    if (!stat) throw notFound('That video');
    reply.header('content-type', 'video/mp4').header('accept-ranges', 'bytes').header('cache-control', 'public, max-age=3600');
    const range = parseRange(req.headers.range, stat.size);
    if (range === 'unsatisfiable') {
      reply.code(416).header('content-range', `bytes */${stat.size}`);
      return reply.send();
    }
    if (!range) {
      reply.header('content-length', stat.size);
      return reply.send(s.media.read(key));
    }
    reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${stat.size}`).header('content-length', range.end - range.start + 1);
    return reply.send(s.media.read(key, range));
  });
}

export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined; // multi-range or malformed: ignore the header
  const [, from, to] = match;
  if (from === '' && to === '') return undefined;
  let start: number;
  let end: number;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
