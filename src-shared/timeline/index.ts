export * from './time.js';
export * from './clip.js';
export * from './snap.js';
export * from './edits.js';
