import { randomUUID } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { z, ZodError } from 'zod';
import { boxTrackSchema } from '../../../src-shared/cameo/boxTrack.js';
import { generationRequestSchema } from '../../../src-shared/generation.js';
import { MediaProcessError } from '../media/index.js';
import { PROJECT_FILE, RENDERS_DIR } from '../projects/store.js';
import { listen, procedure, router } from '../trpc.js';
import type { CameoDomain, CameoIdentity } from './index.js';
import { CAMEO_MEDIA_TYPE_NAMES, MAX_CAMEO_RECORDING_BYTES } from '../../../src-shared/cameo/incomingMedia.js';
import type { ReferenceImage } from './capture/references.js';
import { incomingNameSchema, readIncomingRecording, removeIncoming, writeIncoming } from './incoming.js';
import { CameoConsentError, CameoLibraryError, type CameoEvent } from './library.js';
import { cameoHandleSchema, cameoIdSchema, cameoKindSchema, cameoPermissionSchema, cameoRestrictionSchema, userHandleSchema, type ConsentRecord } from './model.js';
import { verificationPhrase } from './phrase.js';
import { CameoKeyError } from './vault.js';

export interface CameoRouterDeps {
  cameos: CameoDomain;
  identity: CameoIdentity;
  /** Calls back when the studio signs in or out of the feed (who "me" is changes); absent where it never does. */
  accountChanges?: (listener: () => void) => () => void;
}

/** What `cameos.notifications` sends: the library's events for the signed-in person, and a change of account. */
export type CameoNotification = CameoEvent | { type: 'account_changed' };

const libraryCodes = { not_found: 'NOT_FOUND', forbidden: 'FORBIDDEN', conflict: 'CONFLICT', bad_request: 'BAD_REQUEST' } as const;

/** Maps the domain's errors to tRPC codes; their messages are written for the person who made the call. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof TRPCError) throw error;
    if (error instanceof CameoConsentError) throw new TRPCError({ code: 'FORBIDDEN', message: error.message, cause: error });
    if (error instanceof CameoLibraryError) throw new TRPCError({ code: libraryCodes[error.kind], message: error.message });
    if (error instanceof CameoKeyError) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: error.message });
    if (error instanceof RangeError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
    if (error instanceof ZodError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.issues.map((i) => i.message).join('; '), cause: error });
    throw error;
  }
}

const cameoRef = z.strictObject({ id: cameoIdSchema });

/** A recording as bytes, capped (src-shared/cameo/incomingMedia.ts). */
const stagedMediaSchema = z.strictObject({
  type: z.enum(CAMEO_MEDIA_TYPE_NAMES),
  bytes: z
    .instanceof(Uint8Array, { message: 'bytes must be a Uint8Array' })
    .refine((b) => b.byteLength > 0, 'the file is empty')
    .refine((b) => b.byteLength <= MAX_CAMEO_RECORDING_BYTES, `the file is over ${MAX_CAMEO_RECORDING_BYTES / 1024 ** 2} MiB`),
});
const personRef = z.strictObject({ id: cameoIdSchema, user: userHandleSchema });

export function cameosRouter(deps: CameoRouterDeps) {
  const { library, vault, incomingDir, generations, verifyCapture, extractReferences } = deps.cameos;
  /** Every procedure acts as the signed-in person. */
  const as = <I, T>(fn: (me: string, input: I) => Promise<T>) =>
    ({ ctx, input }: { ctx: { clientId: string }; input: I }) => guarded(async () => fn(await deps.identity(ctx), input));

  return router({
    me: procedure.query(as(async (me) => ({ handle: me }))),

    /** A fresh random phrase for a capture to show and the person to read aloud; `create` records the one read. */
    phrase: procedure.query(() => ({ phrase: verificationPhrase() })),

    /**
     * Seals a recorded (or uploaded) cameo from the recording the capture flow left in the incoming folder, with its
     * consent record (the verification phrase read aloud, the recording's hash) and the reference images the engine
     * takes from the recording itself (capture/references.ts). The plaintext recording is deleted.
     */
    create: procedure
      .input(
        z.strictObject({
          displayName: z.string().trim().min(1).max(64),
          handle: cameoHandleSchema,
          kind: cameoKindSchema,
          permission: cameoPermissionSchema.default('only_me'),
          phrase: z.string().trim().min(4).max(300),
          recording: incomingNameSchema,
          /** When the phrase was on screen (seconds from the start of the recording). */
          phraseWindow: z
            .strictObject({ startS: z.number().min(0).max(600), endS: z.number().min(0).max(600) })
            .refine((w) => w.endS > w.startS, 'the phrase window must end after it starts')
            .optional(),
        }),
      )
      .mutation(
        as(async (me, { phraseWindow, ...input }) => {
          const recording = await readIncomingRecording(incomingDir, input.recording);
          let check: ConsentRecord['check'];
          let references: ReferenceImage[];
          const unreadable = (error: unknown): never => {
            if (error instanceof MediaProcessError) {
              throw new CameoLibraryError('The recording could not be read as a video; record again, or choose another file.', 'bad_request');
            }
            throw error;
          };
          if (verifyCapture) {
            const report = await verifyCapture(recording.path, { kind: input.kind, ...(phraseWindow ? { phraseWindow } : {}) }).catch(unreadable);
            if (!report.accepted) throw new CameoLibraryError(`The recording was not accepted: ${report.reasons.join('; ')}.`, 'bad_request');
            check = { faceRatio: report.subject.checked ? report.subject.ratio : null, speechSeconds: report.speech.secondsInWindow, phrase: report.phrase };
            references = report.references;
          } else if (extractReferences) {
            references = await extractReferences(recording.path, { kind: input.kind }).catch(unreadable);
          } else {
            throw new Error('this engine has no way to take reference images from a recording (neither a capture check nor an extractor is wired)');
          }
          if (references.length === 0) {
            throw new CameoLibraryError(`The recording was not accepted: no frame of it shows ${input.kind === 'person' ? 'a face' : 'the subject'} clearly enough to keep as a reference image.`, 'bad_request');
          }
          const record = await library.create(me, { ...input, recording, references, check });
          await removeIncoming([recording]);
          return record;
        }),
      ),

    /**
     * The desktop app's way into the incoming folder (it has no upload route): the captured or chosen recording, as
     * bytes over Electron IPC, stored under a fresh random name that `create` then takes. Only over IPC: web mode's
     * WebSocket carries JSON frames of at most 1 MiB and keeps its streamed `POST /upload/cameo`.
     */
    stageMedia: procedure
      // Before the input is parsed: over the WebSocket the answer is "not here", whatever was sent.
      .use(({ ctx, next }) => {
        if (ctx.transport !== 'ipc') {
          throw new TRPCError({ code: 'FORBIDDEN', message: 'cameos.stageMedia answers the desktop app only; web mode uploads to /upload/cameo' });
        }
        return next();
      })
      .input(stagedMediaSchema)
      .mutation(({ input }) => guarded(async () => ({ name: await writeIncoming(incomingDir, input.bytes, input.type) }))),

    mine: procedure.query(as(async (me) => library.mine(me))),
    /**
     * The cameo's first reference image as a data URL, for the placement stage's billboard: only to someone who may use
     * the cameo now (a 640×480 capture still is about 0.3 MB; the engine caps references at 10 MB).
     */
    reference: procedure.input(cameoRef).query(
      as(async (me, input) => {
        await library.assertCameosUsable([input.id], me);
        const cameo = await library.get(input.id);
        const ref = cameo?.references[0];
        if (!ref) throw new CameoLibraryError(`no cameo ${input.id}`, 'not_found');
        const type = ref.name.endsWith('.png') ? 'image/png' : 'image/jpeg';
        return { dataUrl: `data:${type};base64,${(await vault.get(input.id, ref.name)).toString('base64')}` };
      }),
    ),
    sharedWithMe: procedure.query(as(async (me) => library.sharedWith(me))),
    lookup: procedure.input(z.strictObject({ handle: cameoHandleSchema })).query(as(async (me, input) => library.lookup(me, input.handle))),

    update: procedure
      .input(
        z.strictObject({
          id: cameoIdSchema,
          displayName: z.string().trim().min(1).max(64).optional(),
          permission: cameoPermissionSchema.optional(),
          restrictions: z.array(cameoRestrictionSchema).max(32).optional(),
          instructions: z.array(z.string().trim().min(1).max(200)).max(16).optional(),
        }),
      )
      .mutation(as(async (me, { id, ...change }) => library.update(me, id, change))),

    /** Deletes the cameo and its sealed media; the feed delists posts that use it. */
    delete: procedure.input(cameoRef).mutation(as(async (me, input) => library.delete(me, input.id))),

    request: procedure
      .input(z.strictObject({ id: cameoIdSchema, note: z.string().trim().max(300).default('') }))
      .mutation(as(async (me, input) => library.request(me, input.id, input.note))),
    /** Pending requests for my cameos. */
    requests: procedure.query(as(async (me) => library.requests(me))),
    grants: procedure.input(cameoRef).query(as(async (me, input) => library.grants(me, input.id))),
    approve: procedure.input(personRef).mutation(as(async (me, input) => library.approve(me, input.id, input.user))),
    refuse: procedure.input(personRef).mutation(as(async (me, input) => library.refuse(me, input.id, input.user))),

    /** Takes consent back from one person, or from everyone (the cameo becomes only me). */
    revoke: procedure
      .input(z.union([personRef, z.strictObject({ id: cameoIdSchema, everyone: z.literal(true) })]))
      .mutation(as(async (me, input) => library.revoke(me, input.id, 'user' in input ? { user: input.user } : 'everyone'))),

    /** Sends the feed the changes it missed (it was down, or the studio was signed out); returns how many still wait. */
    syncFeed: procedure.mutation(as(async (me) => ({ waiting: await library.flushFeed(me) }))),

    /** Posts on the feed that name one of my cameos, by anyone, with their state (live, delisted, …). */
    posts: procedure.input(cameoRef).query(as(async (me, input) => library.feedPosts(me, input.id))),
    usage: procedure.input(z.strictObject({ id: cameoIdSchema.optional() })).query(as(async (me, input) => library.usageLog(me, input.id))),
    /** Takes made with my cameo by people whose consent I revoked afterwards. */
    flagged: procedure.query(as(async (me) => library.flagged(me))),
    /**
     * Which of these takes (ids as in a project document) were made with a cameo whose consent was revoked afterwards,
     * for the studio to mark. Asked of the takes, not of an account: whoever has the project open sees them flagged,
     * in a copy made with "Save as" too. Also, for the signed-in person, the takes whose cameo is not shared with them
     * now (or every take with a cameo when nobody is signed in): an export by them would be refused.
     */
    flaggedTakes: procedure
      .input(z.strictObject({ takeIds: z.array(z.string().min(1).max(64)).max(10_000) }))
      .query(({ ctx, input }) =>
        guarded(async () => library.flaggedTakes(input.takeIds, { user: await deps.identity(ctx).catch((error: unknown) => {
          if (error instanceof CameoLibraryError) return null;   // nobody signed in
          throw error;
        }) })),
      ),
    deleteFlagged: procedure.input(z.strictObject({ usageId: z.string().uuid() })).mutation(as(async (me, input) => library.deleteFlagged(me, input.usageId))),

    /** Queues a take with up to two library cameos placed by box tracks; consent and restrictions are checked first. */
    generate: procedure
      .input(
        z.strictObject({
          request: generationRequestSchema.omit({ cameos: true }),
          cameos: z.array(z.strictObject({ cameoId: cameoIdSchema, track: boxTrackSchema })).min(1).max(2),
          /** A project folder: the take renders into its renders/ folder. */
          dir: z.string().min(1).max(4096).optional(),
        }),
      )
      .mutation(
        as(async (me, input) => {
          let outPath: string | undefined;
          let projectDir: string | undefined;
          let renderPath: string | undefined;
          if (input.dir) {
            projectDir = path.resolve(input.dir);
            await access(path.join(projectDir, PROJECT_FILE)).catch(() => {
              throw new TRPCError({ code: 'NOT_FOUND', message: `no project at ${projectDir}: open or create the project first` });
            });
            renderPath = `${RENDERS_DIR}/take-${randomUUID()}.mp4`;
            outPath = path.join(projectDir, renderPath);
            await mkdir(path.dirname(outPath), { recursive: true });
          }
          const job = await generations.enqueue({ user: me, request: input.request, cameos: input.cameos, outPath, projectDir });
          return { job, renderPath: renderPath ?? null };
        }),
      ),

    /** What waits for me: uses of my cameos, requests for them, revocations of my use of others' cameos. Newest first. */
    notices: procedure.query(as(async (me) => library.notices(me))),
    dismissNotice: procedure.input(z.strictObject({ id: z.string().uuid() })).mutation(as(async (me, input) => library.dismissNotice(me, input.id))),

    /**
     * Live notifications for whoever is signed in at the time of each event (so one subscription follows sign-ins
     * and sign-outs): each use of their cameos by someone else, each new request, each notice kept for them, and
     * `account_changed` when the studio's account changes (the page then asks again for what is waiting).
     */
    notifications: procedure.subscription(async function* ({ ctx, signal }) {
      const forMe = async (event: CameoEvent): Promise<boolean> => {
        const me = await deps.identity(ctx).catch(() => null);
        if (!me) return false;
        if (event.type === 'used' || event.type === 'requested') return event.owner === me;
        // Who may use a cameo changed: those who made takes with it (or asked for it) check their takes' flags again.
        if (event.type === 'consent_changed') return library.concerns(me, event.cameoId);
        return event.type === 'notice' && event.notice.to === me;
      };
      const events = listen<CameoNotification>((push) => {
        const stopLibrary = library.subscribe((e) => void forMe(e).then((mine) => mine && push(e)));
        const stopAccount = deps.accountChanges?.(() => push({ type: 'account_changed' }));
        return () => {
          stopLibrary();
          stopAccount?.();
        };
      }, signal);
      for await (const event of events) yield event;
    }),
  });
}
