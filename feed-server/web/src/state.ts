import type { Me } from './api.js';

/** What the whole UI shares: who is signed in and how the feed is steered. */
export const state: { me: Me | null; mode: 'ranked' | 'chronological'; steer: string } = {
  me: null,
  mode: 'ranked',
  steer: '',
};
