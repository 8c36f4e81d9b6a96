import { z } from 'zod';

/** What the feed's web UI posts to its parent frame when a remix is started there (see feed-server/README.md). */
const remixMessageSchema = z.object({
  type: z.literal('scenecast:remix'),
  seed: z.object({ postId: z.string().regex(/^[A-Za-z0-9_-]{16}$/) }),
});

/**
 * The post to remix, if `event` is a remix message from the feed frame itself: the origin must be the feed's, and the
 * sender the frame's window, so no other page (or frame inside the feed) can make the studio create projects.
 */
export function remixPostId(event: Pick<MessageEvent, 'origin' | 'source' | 'data'>, feedUrl: string, frame: Window | null): string | null {
  let feedOrigin: string;
  try {
    feedOrigin = new URL(feedUrl).origin;
  } catch {
    return null;
  }
  if (event.origin !== feedOrigin || !frame || event.source !== frame) return null;
  const parsed = remixMessageSchema.safeParse(event.data);
  return parsed.success ? parsed.data.seed.postId : null;
}
