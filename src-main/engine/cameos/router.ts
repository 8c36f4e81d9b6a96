import { randomUUID } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { z, ZodError } from 'zod';
import { boxTrackSchema } from '../../../src-shared/cameo/boxTrack.js';
import { generationRequestSchema } from '../../../src-shared/generation.js';
import { PROJECT_FILE, RENDERS_DIR } from '../projects/store.js';
import { listen, procedure, router } from '../trpc.js';
import type { CameoDomain, CameoIdentity } from './index.js';
import { CAMEO_MEDIA_TYPE_NAMES, CAMEO_MEDIA_TYPES, MAX_CAMEO_IMAGE_BYTES, MAX_CAMEO_RECORDING_BYTES } from '../../../src-shared/cameo/incomingMedia.js';
import { incomingNameSchema, readIncomingImage, readIncomingRecording, removeIncoming, writeIncoming } from './incoming.js';
import { CameoConsentError, CameoLibraryError, type CameoEvent } from './library.js';
import { cameoHandleSchema, cameoIdSchema, cameoKindSchema, cameoPermissionSchema, cameoRestrictionSchema, userHandleSchema, type ConsentRecord } from './model.js';
import { verificationPhrase } from './phrase.js';
import { CameoKeyError } from './vault.js';

export interface CameoRouterDeps {
  cameos: CameoDomain;
  identity: CameoIdentity;
}

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

/** A recording or reference image as bytes, capped by its content type (src-shared/cameo/incomingMedia.ts). */
const stagedMediaSchema = z
  .strictObject({
    type: z.enum(CAMEO_MEDIA_TYPE_NAMES),
    bytes: z
      .instanceof(Uint8Array, { message: 'bytes must be a Uint8Array' })
      .refine((b) => b.byteLength > 0, 'the file is empty')
      .refine((b) => b.byteLength <= MAX_CAMEO_RECORDING_BYTES, `the file is over ${MAX_CAMEO_RECORDING_BYTES / 1024 ** 2} MiB`),
  })
  .refine((m) => m.bytes.byteLength <= CAMEO_MEDIA_TYPES[m.type].maxBytes, {
    message: `an image is at most ${MAX_CAMEO_IMAGE_BYTES / 1024 ** 2} MiB`,
    path: ['bytes'],
  });
const personRef = z.strictObject({ id: cameoIdSchema, user: userHandleSchema });

export function cameosRouter(deps: CameoRouterDeps) {
  const { library, vault, incomingDir, generations, verifyCapture } = deps.cameos;
  /** Every procedure acts as the signed-in person. */
  const as = <I, T>(fn: (me: string, input: I) => Promise<T>) =>
    ({ ctx, input }: { ctx: { clientId: string }; input: I }) => guarded(async () => fn(await deps.identity(ctx), input));

  return router({
    me: procedure.query(as(async (me) => ({ handle: me }))),

    /** A fresh random phrase for a capture to show and the person to read aloud; `create` records the one read. */
    phrase: procedure.query(() => ({ phrase: verificationPhrase() })),

    /**
     * Seals a recorded (or uploaded) cameo from files the capture flow left in the incoming folder, with its consent
     * record: the verification phrase read aloud and the recording's hash. The plaintext files are deleted.
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
          references: z.array(incomingNameSchema).min(1).max(8),
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
          const references = [];
          for (const name of input.references) references.push(await readIncomingImage(incomingDir, name));
          let check: ConsentRecord['check'];
          if (verifyCapture) {
            const report = await verifyCapture(recording.path, { kind: input.kind, ...(phraseWindow ? { phraseWindow } : {}) });
            if (!report.accepted) throw new CameoLibraryError(`The recording was not accepted: ${report.reasons.join('; ')}.`, 'bad_request');
            check = { faceRatio: report.subject.checked ? report.subject.ratio : null, speechSeconds: report.speech.secondsInWindow, phrase: report.phrase };
          }
          const record = await library.create(me, { ...input, recording, references, check });
          await removeIncoming([recording, ...references]);
          return record;
        }),
      ),

    /**
     * The desktop app's way into the incoming folder (it has no upload route): the captured recording or still, as
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

    /** Notifications for the signed-in owner: each use of their cameos by someone else, and each new request. */
    notifications: procedure.subscription(async function* ({ ctx, signal }) {
      const me = await guarded(() => deps.identity(ctx));
      const mine = (event: CameoEvent) => (event.type === 'used' || event.type === 'requested') && event.owner === me;
      for await (const event of listen<CameoEvent>((push) => library.subscribe((e) => mine(e) && push(e)), signal)) yield event;
    }),
  });
}
