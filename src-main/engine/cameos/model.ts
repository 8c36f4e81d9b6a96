/**
 * The cameo library's records. Everything here is parsed with zod when it is read from disk or arrives over the router,
 * so a damaged library file or a hostile client cannot put the engine into a state these types do not describe.
 */
import { z } from 'zod';
import { restrictionTopics } from '../../../src-shared/cameo/restrictionTopics.js';

/** A person on Scenecast: the feed account's handle (without the @). */
export const userHandleSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9_]{2,32}$/i, 'a handle is 2–32 letters, digits or _')
  .transform((h) => h.toLowerCase());

/** Cameo ids match the feed's registry ids, so the same id names the cameo in both places. */
export const cameoIdSchema = z.string().regex(/^cameo_[A-Za-z0-9_-]{8,58}$/, 'not a valid cameo id');

/** The cameo's own @handle ("@maya.beach"), how people ask for it. */
export const cameoHandleSchema = z
  .string()
  .trim()
  .regex(/^@?[a-z0-9_.]{2,32}$/i, 'a cameo @handle is 2–32 letters, digits, _ or .')
  .transform((h) => h.replace(/^@/, '').toLowerCase());

export const cameoKindSchema = z.enum(['person', 'pet', 'object']);
export type CameoKind = z.infer<typeof cameoKindSchema>;

/** Who may use a cameo besides its owner. Grants and per-person revocations apply on top (see access.ts). */
export const cameoPermissionSchema = z.enum(['only_me', 'people_i_approve', 'mutual_followers', 'everyone']);
export type CameoPermission = z.infer<typeof cameoPermissionSchema>;


/** A rule the owner sets; a prompt that breaks it is refused, naming the rule. */
export const cameoRestrictionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('no_topic'), topic: z.enum(restrictionTopics) }),
  z.strictObject({ kind: z.literal('never_say'), phrase: z.string().trim().min(1).max(200) }),
  z.strictObject({ kind: z.literal('never_show'), term: z.string().trim().min(1).max(100) }),
]);
export type CameoRestriction = z.infer<typeof cameoRestrictionSchema>;

/** What the owner attested when recording: who, when, the phrase they read aloud and the recording's SHA-256. */
export const consentRecordSchema = z.strictObject({
  by: z.string().min(2).max(32),
  at: z.number().int().nonnegative(),
  phrase: z.string().min(1).max(300),
  recordingSha256: z.string().regex(/^[a-f0-9]{64}$/),
  /** What the capture check found (absent for cameos made before it ran); the spoken words are never matched yet. */
  check: z
    .strictObject({
      faceRatio: z.number().min(0).max(1).nullable(),
      speechSeconds: z.number().nonnegative(),
      phrase: z.literal('not_checked'),
    })
    .optional(),
});
export type ConsentRecord = z.infer<typeof consentRecordSchema>;

/**
 * A stored media file of a cameo: its name inside the cameo's encrypted folder and the plaintext's hash. The first
 * reference image is the primary one, the one generation conditions the model on.
 */
export const cameoMediaSchema = z.strictObject({
  name: z.string().regex(/^(recording|reference-\d{1,2})\.[a-z0-9]{2,4}$/),
  sha256: z.string().regex(/^[a-f0-9]{64}$/),
  bytes: z.number().int().nonnegative(),
  /** A reference image's place in the recording it was taken from (seconds); absent for cameos made before. */
  atS: z.number().nonnegative().optional(),
});
export type CameoMedia = z.infer<typeof cameoMediaSchema>;

export const cameoRecordSchema = z.strictObject({
  id: cameoIdSchema,
  owner: z.string().min(2).max(32),
  displayName: z.string().min(1).max(64),
  handle: z.string().min(2).max(32),
  kind: cameoKindSchema,
  createdAt: z.number().int().nonnegative(),
  permission: cameoPermissionSchema,
  restrictions: z.array(cameoRestrictionSchema).max(32),
  instructions: z.array(z.string().min(1).max(200)).max(16),
  consent: consentRecordSchema,
  recording: cameoMediaSchema,
  references: z.array(cameoMediaSchema).min(1).max(8),
});
export type CameoRecord = z.infer<typeof cameoRecordSchema>;

/**
 * One person's standing with one cameo: a pending request, an approval, a refusal or a revocation. A revocation
 * outranks every permission level, so a revoked person stays out even if the cameo is later shared with everyone.
 */
export const cameoGrantSchema = z.strictObject({
  cameoId: cameoIdSchema,
  user: z.string().min(2).max(32),
  state: z.enum(['requested', 'approved', 'refused', 'revoked']),
  at: z.number().int().nonnegative(),
  note: z.string().max(300).default(''),
});
export type CameoGrant = z.infer<typeof cameoGrantSchema>;

/** An entry of the owner's usage log: who used the cameo, when, for what. */
export const cameoUsageSchema = z.strictObject({
  id: z.string().uuid(),
  cameoId: cameoIdSchema,
  user: z.string().min(2).max(32),
  at: z.number().int().nonnegative(),
  purpose: z.enum(['generation', 'export', 'post']),
  jobId: z.string().uuid().optional(),
  projectDir: z.string().max(4096).optional(),
  /** The render a generation produced (absolute path), set once the job is complete. */
  renderPath: z.string().max(4096).optional(),
  postId: z.string().max(64).optional(),
  /** Set when the user's consent was revoked after this use: the take or draft is made without consent now. */
  flaggedAt: z.number().int().nonnegative().optional(),
  /** Set when the owner deleted the flagged render. */
  deletedAt: z.number().int().nonnegative().optional(),
});
export type CameoUsage = z.infer<typeof cameoUsageSchema>;

/** A change the feed must hear about, kept until it has (the feed was down, or the owner signed out). */
export const feedChangeSchema = z.strictObject({
  owner: z.string().min(2).max(32),
  cameoId: cameoIdSchema,
  kind: z.enum(['share', 'approve', 'revoke_user', 'revoke_all']),
  user: z.string().min(2).max(32).optional(),
  at: z.number().int().nonnegative(),
});
export type FeedChange = z.infer<typeof feedChangeSchema>;

/**
 * Something a person should hear about, kept until they dismiss it (they may be signed out, or signed in as someone
 * else, when it happens): someone used their cameo or asked for it, or the owner of a cameo they made takes with
 * revoked their use of it or deleted it.
 */
export const cameoNoticeSchema = z.strictObject({
  id: z.string().uuid(),
  /** Whom it is for. */
  to: z.string().min(2).max(32),
  at: z.number().int().nonnegative(),
  kind: z.enum(['used', 'requested', 'revoked', 'deleted']),
  cameo: z.strictObject({ id: cameoIdSchema, handle: z.string().min(2).max(32), displayName: z.string().min(1).max(64) }),
  /** Who did it: the person who used or asked for the cameo; the owner who revoked or deleted it. */
  by: z.string().min(2).max(32),
  /** For a use: what it was for. */
  purpose: z.enum(['generation', 'export', 'post']).optional(),
  /** The projects concerned: where the cameo was used, or where the flagged takes of the person told are. */
  projectDirs: z.array(z.string().max(4096)).max(50).default([]),
  /** For a revocation or a deletion: how many of the person's takes were flagged (and can no longer be exported). */
  flaggedTakes: z.number().int().nonnegative().optional(),
  /** For a request: the note that came with it. */
  note: z.string().max(300).optional(),
});
export type CameoNotice = z.infer<typeof cameoNoticeSchema>;

/**
 * What is left of a deleted cameo: which takes were made with it, so they stay flagged (and their exports refused)
 * after its record, grants, usage log and sealed media are gone. No media, no consent hash, no project paths.
 */
export const cameoTombstoneSchema = z.strictObject({
  cameo: z.strictObject({ id: cameoIdSchema, handle: z.string().min(2).max(32), displayName: z.string().min(1).max(64) }),
  owner: z.string().min(2).max(32),
  deletedAt: z.number().int().nonnegative(),
  /** The takes made with it: a take's id is its generation job's id. */
  takes: z.array(
    z.strictObject({
      takeId: z.string().uuid(),
      /** Who made it. */
      user: z.string().min(2).max(32),
      /** The owner had deleted its render (a flagged take) before deleting the cameo. */
      renderDeleted: z.boolean(),
    }),
  ),
});
export type CameoTombstone = z.infer<typeof cameoTombstoneSchema>;

/**
 * A take made with a cameo, as the engine's record has it (the usage log, or the tombstone of a deleted cameo). `takeId`
 * is the generation job's id, which is the take's id in the project document.
 */
export interface TakeCameo {
  takeId: string;
  cameo: { id: string; handle: string; displayName: string };
  owner: string;
  /** Who made the take. */
  user: string;
  /** The consent hash of the cameo's record, for provenance; null once the cameo is deleted. */
  consentHash: string | null;
  /** Why the take may no longer be used: its maker's consent was revoked, or the owner deleted the cameo. */
  flag: { reason: 'revoked' | 'deleted'; at: number; renderDeleted: boolean } | null;
}

/**
 * A take the studio should mark and an export refuses: made with a cameo whose owner revoked its maker's consent
 * afterwards, or deleted the cameo. `takeId` is the generation job's id, which is the take's id in the project document.
 */
export interface FlaggedTake {
  takeId: string;
  cameo: { id: string; handle: string; displayName: string };
  owner: string;
  user: string;
  /**
   * 'revoked': its maker's consent was revoked; 'deleted': the owner deleted the cameo (both for anyone who opens the
   * project). 'not_usable': for the person asking only — the owner does not share the cameo with them now (narrowed
   * who may use it, or never shared it with them), or nobody is signed in; an export by them is refused.
   */
  reason: 'revoked' | 'deleted' | 'not_usable';
  /** For 'not_usable': why, written for the person asking. */
  detail?: string;
  /** For 'not_usable': because nobody is signed in (not because of who is). */
  signedOut?: boolean;
  flaggedAt: number;
  /** The owner deleted its render. */
  renderDeleted: boolean;
}

export const LIBRARY_VERSION = 1;

export const libraryFileSchema = z.strictObject({
  version: z.literal(LIBRARY_VERSION),
  cameos: z.array(cameoRecordSchema),
  grants: z.array(cameoGrantSchema),
  usage: z.array(cameoUsageSchema),
  feedPending: z.array(feedChangeSchema).default([]),
  notices: z.array(cameoNoticeSchema).default([]),
  tombstones: z.array(cameoTombstoneSchema).default([]),
});
export type LibraryFile = z.infer<typeof libraryFileSchema>;

/** What a person who is not the owner sees of a cameo: no media paths, no hashes beyond the consent hash. */
export interface CameoSummary {
  id: string;
  owner: string;
  displayName: string;
  handle: string;
  kind: CameoKind;
  permission: CameoPermission;
  referenceCount: number;
  restrictions: CameoRestriction[];
  instructions: string[];
  /** Whether the viewer may generate with it now. */
  usable: boolean;
  /** The viewer's own grant state, if they have one. */
  myGrant: CameoGrant['state'] | null;
}
