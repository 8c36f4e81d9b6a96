/** The community feed, studio side: the embedded server, the session, publishing and remixing. */
export { FeedError, FeedService, spawnEmbeddedFeed, type EmbeddedFeedStarter, type FeedStatus, type PublishJob, type PublishRequest } from './service.js';
export { feedRouter } from './router.js';
export { remixPrompts, storyboardSummary } from './remix.js';
