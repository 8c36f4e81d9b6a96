import type { Accounts } from './accounts/accounts.js';
import type { Cameos } from './cameos/cameos.js';
import type { FeedConfig } from './config.js';
import type { Database } from './db/database.js';
import type { Feed } from './feed/feed.js';
import type { Guardians } from './guardians/guardians.js';
import type { Notifications } from './notifications/notifications.js';
import type { Posts } from './posts/posts.js';
import type { Social } from './social/social.js';
import type { MediaStore } from './storage/media-store.js';

/** Everything the routes use, built once by the composition root (app.ts). */
export interface FeedServices {
  config: FeedConfig;
  db: Database;
  media: MediaStore;
  accounts: Accounts;
  posts: Posts;
  social: Social;
  feed: Feed;
  cameos: Cameos;
  guardians: Guardians;
  notifications: Notifications;
  tmpDir: string;
}
