import type { EngineClient } from '../../app/trpc';

export type FeedStatus = Awaited<ReturnType<EngineClient['feed']['status']['query']>>;
export type PublishJob = Awaited<ReturnType<EngineClient['feed']['publish']['mutate']>>;
