import path from 'node:path';
import type { CaptureVerifier, ReferenceExtractor } from './capture/verify.js';
import { CameoGenerations } from './generations.js';
import { CameoLibrary, type CameoFeedHooks, type FollowGraph } from './library.js';
import { CameoVault, type CameoKeySource } from './vault.js';

export {
  CameoConsentError,
  CameoLibrary,
  CameoLibraryError,
  libraryTakeRecords,
  type CameoEvent,
  type CameoFeedHooks,
  type CameoPostUse,
  type FollowGraph,
  type TakeCameoRecords,
} from './library.js';
export type { FlaggedTake, TakeCameo } from './model.js';
export { CameoGenerations } from './generations.js';
export { CameoVault, keyFileSource, type CameoKeySource } from './vault.js';
export { captureVerifier, referenceExtractor, type CaptureReport, type CaptureVerifier, type ReferenceExtractor } from './capture/verify.js';
export type { ReferenceImage } from './capture/references.js';
export { feedCameoHooks, feedFollowGraph, studioFeedAccount, type FeedAccount } from './feedHooks.js';

/** Who is acting: the feed account the studio is signed in as (a cameo belongs to an account). */
export type CameoIdentity = (ctx: { clientId: string }) => Promise<string>;

export interface CameoDomain {
  library: CameoLibrary;
  vault: CameoVault;
  generations: CameoGenerations;
  /** `<data dir>/cameos/incoming`: where capture and import leave media for `cameos.create`. */
  incomingDir: string;
  /**
   * Checks a recording before it becomes a cameo (face and speech) and takes its reference images; absent, recordings
   * are taken as they are and `extractReferences` takes the images.
   */
  verifyCapture?: CaptureVerifier;
  extractReferences?: ReferenceExtractor;
}

export interface CameoDomainDeps {
  dataDir: string;
  keySource: CameoKeySource;
  follows: FollowGraph;
  feed?: CameoFeedHooks;
  verifyCapture?: CaptureVerifier;
  extractReferences?: ReferenceExtractor;
  now?: () => number;
}

export function createCameoDomain(deps: CameoDomainDeps): CameoDomain {
  const dir = path.join(deps.dataDir, 'cameos');
  const vault = new CameoVault(path.join(dir, 'media'), deps.keySource);
  // Decrypted references a crash left behind must not outlive it.
  void vault.sweepOpened().catch((error: unknown) => process.emitWarning(`cameo references left open could not be removed: ${(error as Error).message}`));
  const library = new CameoLibrary({ dir, vault, follows: deps.follows, feed: deps.feed, now: deps.now });
  return {
    library,
    vault,
    generations: new CameoGenerations(library, vault),
    incomingDir: path.join(dir, 'incoming'),
    verifyCapture: deps.verifyCapture,
    extractReferences: deps.extractReferences,
  };
}
