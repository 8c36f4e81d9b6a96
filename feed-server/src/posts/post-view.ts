import type { Queryable } from '../db/database.js';
import { postProvenance, type CameoOnRecord, type PostProvenance } from './provenance.js';

/** A post as clients see it. */
export interface PostView {
  id: string;
  author: { id: string; handle: string; displayName: string };
  title: string;
  prompt: string;
  storyboardSummary: string;
  visibility: 'public' | 'unlisted';
  remixOf: string | null;
  cameoIds: string[];
  /** How it was made, for the post card (posts/provenance.ts); the whole record is at /api/posts/:id/provenance. */
  provenance: PostProvenance;
  durationMs: number;
  width: number;
  height: number;
  likeCount: number;
  commentCount: number;
  remixCount: number;
  createdAt: number;
  videoUrl: string;
  posterUrl: string;
  viewerLiked: boolean;
}

export interface PostRow {
  id: string;
  author_id: string;
  handle: string;
  display_name: string;
  title: string;
  prompt: string;
  storyboard: string;
  provenance: string;
  visibility: 'public' | 'unlisted';
  status: 'live' | 'taken_down' | 'delisted' | 'deleted';
  remix_of: string | null;
  duration_ms: number;
  width: number;
  height: number;
  like_count: number;
  comment_count: number;
  remix_count: number;
  view_count: number;
  completion_sum: number;
  created_at: number;
}

export const POST_SELECT = `SELECT p.id, p.author_id, u.handle, u.display_name, p.title, p.prompt, p.storyboard, p.provenance,
  p.visibility, p.status, p.remix_of, p.duration_ms, p.width, p.height, p.like_count, p.comment_count, p.remix_count,
  p.view_count, p.completion_sum, p.created_at
  FROM posts p JOIN users u ON u.id = p.author_id`;

/** Turns rows into views, adding cameos and whether the viewer liked each (two queries for the whole page). */
export async function toPostViews(q: Queryable, rows: readonly PostRow[], viewerId: string | undefined): Promise<PostView[]> {
  if (rows.length === 0) return [];
  const marks = rows.map(() => '?').join(',');
  const ids = rows.map((r) => r.id);
  const cameos = await q.all<{ post_id: string; cameo_id: string; owner_handle: string | null; consent_hash: string | null }>(
    `SELECT pc.post_id, pc.cameo_id, u.handle AS owner_handle, c.consent_hash
       FROM post_cameos pc LEFT JOIN cameos c ON c.id = pc.cameo_id LEFT JOIN users u ON u.id = c.owner_id
      WHERE pc.post_id IN (${marks})`,
    ids,
  );
  const liked = viewerId
    ? new Set((await q.all<{ post_id: string }>(`SELECT post_id FROM likes WHERE user_id = ? AND post_id IN (${marks})`, [viewerId, ...ids])).map((r) => r.post_id))
    : new Set<string>();
  const cameosByPost = new Map<string, CameoOnRecord[]>();
  for (const c of cameos) {
    cameosByPost.set(c.post_id, [...(cameosByPost.get(c.post_id) ?? []), { id: c.cameo_id, ownerHandle: c.owner_handle, consentHash: c.consent_hash }]);
  }
  return rows.map((r) => ({
    id: r.id,
    author: { id: r.author_id, handle: r.handle, displayName: r.display_name },
    title: r.title,
    prompt: r.prompt,
    storyboardSummary: r.storyboard,
    visibility: r.visibility,
    remixOf: r.remix_of,
    cameoIds: (cameosByPost.get(r.id) ?? []).map((c) => c.id).sort(),
    provenance: postProvenance(r.provenance, cameosByPost.get(r.id) ?? []),
    durationMs: r.duration_ms,
    width: r.width,
    height: r.height,
    likeCount: r.like_count,
    commentCount: r.comment_count,
    remixCount: r.remix_count,
    createdAt: r.created_at,
    videoUrl: `/media/${r.id}/video.mp4`,
    posterUrl: `/media/${r.id}/poster.jpg`,
    viewerLiked: liked.has(r.id),
  }));
}
