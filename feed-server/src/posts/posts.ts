import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Viewer } from '../accounts/accounts.js';
import type { Cameos } from '../cameos/cameos.js';
import type { Database } from '../db/database.js';
import { HttpError, badRequest, forbidden, notFound } from '../http/errors.js';
import { IdSchema, newId } from '../ids.js';
import { checkVideo, makePoster } from '../media/video-check.js';
import type { MediaStore } from '../storage/media-store.js';
import { CameoIdSchema } from '../cameos/cameos.js';
import { POST_SELECT, toPostViews, type PostRow, type PostView } from './post-view.js';

const JsonValueSchema: z.ZodType<unknown> = z.json();

export const PublishMetadataSchema = z.object({
  title: z.string().trim().min(1, 'a title is required').max(120),
  prompt: z.string().max(4000).default(''),
  storyboardSummary: z.string().max(4000).default(''),
  cameoIds: z.array(CameoIdSchema).max(16).default([]),
  provenance: z
    .record(z.string(), JsonValueSchema)
    .default({})
    .refine((p) => JSON.stringify(p).length <= 16_384, 'provenance data is limited to 16 KiB'),
  visibility: z.enum(['public', 'unlisted']).default('public'),
  remixOf: IdSchema.nullable().default(null),
});
export type PublishMetadata = z.infer<typeof PublishMetadataSchema>;

export const PostUpdateSchema = z.object({
  title: z.string().trim().min(1).max(120).optional(),
  visibility: z.enum(['public', 'unlisted']).optional(),
});

export interface PublishOptions {
  ffprobePath: string;
  ffmpegPath: string;
  maxVideoSeconds: number;
  tmpDir: string;
}

export class Posts {
  constructor(
    private readonly db: Database,
    private readonly media: MediaStore,
    private readonly cameos: Cameos,
    private readonly options: PublishOptions,
  ) {}

  /**
   * Validates and stores an uploaded video. The temp file is always gone afterwards, and on any rejection nothing is
   * left in storage or the database.
   */
  async publish(author: Viewer, metadata: PublishMetadata, uploadPath: string): Promise<PostView> {
    const id = newId();
    const videoKey = `${id}.mp4`;
    const posterKey = `${id}-poster.jpg`;
    const posterTmp = path.join(this.options.tmpDir, `${id}-poster.jpg`);
    const stored: string[] = [];
    try {
      const check = await checkVideo(uploadPath, { ffprobePath: this.options.ffprobePath, maxSeconds: this.options.maxVideoSeconds });
      if (!check.ok) throw new HttpError(422, `video_${check.reason}`, check.message);
      await this.cameos.assertUsable(author, metadata.cameoIds);
      if (metadata.remixOf) {
        const original = await this.db.get<{ id: string }>("SELECT id FROM posts WHERE id = ? AND status = 'live'", [metadata.remixOf]);
        if (!original) throw badRequest('remix_source_missing', 'The post this remixes is not available.');
      }
      await makePoster(uploadPath, posterTmp, { ffmpegPath: this.options.ffmpegPath, durationMs: check.durationMs });
      const { size } = await fs.stat(uploadPath);
      await this.media.putFile(videoKey, uploadPath);
      stored.push(videoKey);
      await this.media.putFile(posterKey, posterTmp);
      stored.push(posterKey);
      await this.db.transaction(async (tx) => {
        await tx.run(
          `INSERT INTO posts (id, author_id, title, prompt, storyboard, provenance, visibility, status, remix_of, video_key, poster_key,
             duration_ms, width, height, size_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'live', ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            id,
            author.id,
            metadata.title,
            metadata.prompt,
            metadata.storyboardSummary,
            JSON.stringify(metadata.provenance),
            metadata.visibility,
            metadata.remixOf,
            videoKey,
            posterKey,
            check.durationMs,
            check.width,
            check.height,
            size,
            Date.now(),
          ],
        );
        for (const cameoId of new Set(metadata.cameoIds)) {
          await tx.run('INSERT INTO post_cameos (post_id, cameo_id) VALUES (?, ?)', [id, cameoId]);
        }
      });
      stored.length = 0; // committed: keep the files
      return await this.get(id, author.id);
    } finally {
      await fs.rm(uploadPath, { force: true });
      await fs.rm(posterTmp, { force: true });
      for (const key of stored) await this.media.delete(key);
    }
  }

  /** A live post (public or unlisted), or the viewer's own post whatever its state. */
  async get(id: string, viewerId: string | undefined): Promise<PostView> {
    const row = await this.row(id);
    if (row.status !== 'live' && row.author_id !== viewerId) throw notFound('That post');
    if (viewerId && row.author_id !== viewerId) {
      const blocked = await this.db.get('SELECT 1 AS x FROM blocks WHERE blocker_id = ? AND blocked_id = ?', [viewerId, row.author_id]);
      if (blocked) throw notFound('That post');
    }
    const [view] = await toPostViews(this.db, [row], viewerId);
    return view!;
  }

  async provenance(id: string): Promise<unknown> {
    const row = await this.row(id);
    if (row.status !== 'live') throw notFound('That post');
    return JSON.parse(row.provenance) as unknown;
  }

  async update(viewer: Viewer, id: string, update: z.infer<typeof PostUpdateSchema>): Promise<PostView> {
    const row = await this.ownRow(viewer, id);
    if (update.title !== undefined) await this.db.run('UPDATE posts SET title = ? WHERE id = ?', [update.title, row.id]);
    if (update.visibility !== undefined) await this.db.run('UPDATE posts SET visibility = ? WHERE id = ?', [update.visibility, row.id]);
    return this.get(id, viewer.id);
  }

  /** Deletes a post the viewer wrote: the row stays (likes/comments point at it) but is marked deleted and the media go. */
  async delete(viewer: Viewer, id: string): Promise<void> {
    const row = await this.ownRow(viewer, id);
    await this.db.run("UPDATE posts SET status = 'deleted' WHERE id = ?", [row.id]);
    await this.media.delete(`${row.id}.mp4`);
    await this.media.delete(`${row.id}-poster.jpg`);
  }

  /** The storage key to play, only for posts anyone may watch. */
  async playableKey(id: string, kind: 'video' | 'poster'): Promise<string> {
    const parsed = IdSchema.safeParse(id);
    if (!parsed.success) throw notFound('That video');
    const row = await this.db.get<{ status: string; video_key: string; poster_key: string }>(
      'SELECT status, video_key, poster_key FROM posts WHERE id = ?',
      [parsed.data],
    );
    if (!row || row.status !== 'live') throw notFound('That video');
    return kind === 'video' ? row.video_key : row.poster_key;
  }

  private async row(id: string): Promise<PostRow> {
    if (!IdSchema.safeParse(id).success) throw notFound('That post');
    const row = await this.db.get<PostRow>(`${POST_SELECT} WHERE p.id = ?`, [id]);
    if (!row || row.status === 'deleted') throw notFound('That post');
    return row;
  }

  private async ownRow(viewer: Viewer, id: string): Promise<PostRow> {
    const row = await this.row(id);
    if (row.author_id !== viewer.id) throw forbidden('Only the author can change or delete this post.');
    return row;
  }
}
