export { FeedPanel } from './FeedPanel';
