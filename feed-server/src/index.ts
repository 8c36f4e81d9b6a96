/** The feed server's public surface for the rest of Scenecast (the studio engine). */
export { startFeedServer, type RunningFeedServer, type StartFeedServerOptions } from './main.js';
export { spawnFeedServer, type SpawnFeedServerOptions } from './spawn.js';
export { FeedClient, FeedClientError, type FeedPage, type FeedRequest, type PostView, type PublishInput, type RemixSeed, type Viewer } from './client.js';
