/**
 * The cameo library: the records, who may use each cameo, requests and grants, revocation, restrictions and the usage
 * log. It is the one place that answers "may this person use this cameo now?" — generation asks it when a job is
 * queued and again when it starts, exports ask it through `consentForUse` and, for every take on the timeline, through
 * `takeCameos` (which cameos made it, and whether it is flagged), and revocation tells the feed.
 *
 * Stored in `<data dir>/cameos/library.json` (schema-checked on read, written atomically); media lives sealed in the
 * vault. A library file that fails its schema is reported and never silently replaced.
 */
import { randomUUID } from 'node:crypto';
import { readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { CameoPostUse } from '../../../feed-server/src/cameos/cameos.js';
import { writeFileAtomic } from '../projects/atomic.js';
import {
  LIBRARY_VERSION,
  cameoRecordSchema,
  libraryFileSchema,
  type CameoGrant,
  type CameoKind,
  type CameoNotice,
  type CameoPermission,
  type CameoRecord,
  type CameoRestriction,
  type CameoSummary,
  type CameoTombstone,
  type CameoUsage,
  type ConsentRecord,
  type FeedChange,
  type FlaggedTake,
  type LibraryFile,
  type TakeCameo,
} from './model.js';
import { findBreach, instructionsClause } from './restrictions.js';
import { sha256, type CameoVault } from './vault.js';

/** Whether two people follow each other (the feed's follow graph; a local stand-in in tests). */
export interface FollowGraph {
  areMutual(a: string, b: string): Promise<boolean>;
}

/**
 * The feed's side of a cameo: its registry entry (id, owner, permission, consent hash) and delisting posts when
 * consent is taken back. Calls are made as the owner.
 */
export interface CameoFeedHooks {
  share(cameo: { id: string; owner: string; permission: CameoPermission; consentHash: string }): Promise<void>;
  /** Lets `user` post with the cameo (and lifts an earlier revocation of them). */
  approveUser(owner: string, cameoId: string, user: string): Promise<void>;
  /** Every post on the feed that names the cameo (for the owner's usage log). */
  postsUsing(owner: string, cameoId: string): Promise<CameoPostUse[]>;
  /** Delists the posts by `user` that use the cameo and stops them posting with it again. */
  revokeUser(owner: string, cameoId: string, user: string): Promise<{ delisted: number }>;
  /** Delists every post that uses the cameo (except the owner's own) and stops everyone else posting with it. */
  revokeAll(owner: string, cameoId: string): Promise<{ delisted: number }>;
}

export type { CameoPostUse };

export type ConsentRefusal = 'unknown' | 'not_shared' | 'revoked' | 'restriction';

/** A refused use of a cameo; the message says which cameo and which rule, for the person who was refused. */
export class CameoConsentError extends Error {
  constructor(
    message: string,
    readonly cameoId: string,
    readonly reason: ConsentRefusal,
    /** The owner's rule that refused it ("no political content"), for a restriction. */
    readonly rule?: string,
  ) {
    super(message);
  }
}

/** A mistake in a library request (wrong owner, unknown request, duplicate handle): shown as it is. */
export class CameoLibraryError extends Error {
  constructor(
    message: string,
    readonly kind: 'not_found' | 'forbidden' | 'conflict' | 'bad_request' = 'bad_request',
  ) {
    super(message);
  }
}

export type CameoEvent =
  | { type: 'used'; owner: string; usage: CameoUsage }
  /** Someone's access changed (grant, revoke, permission, delete): queued jobs must be checked again. */
  | { type: 'consent_changed'; cameoId: string }
  | { type: 'requested'; owner: string; grant: CameoGrant }
  /** A notice was kept for someone (a use, a request, a revocation, a deletion); it waits in the library until they dismiss it. */
  | { type: 'notice'; notice: CameoNotice };

/** Notices kept per person; older ones are dropped. */
export const MAX_NOTICES_PER_PERSON = 100;

export interface NewCameo {
  displayName: string;
  handle: string;
  kind: CameoKind;
  permission?: CameoPermission;
  /** The verification phrase the owner read aloud in the recording. */
  phrase: string;
  /** What the capture check found, when it ran. */
  check?: ConsentRecord['check'];
  recording: { data: Uint8Array; ext: string };
  /** Primary first; `atS` is where in the recording each was taken. */
  references: { data: Uint8Array; ext: string; atS?: number }[];
}

export interface RevokeResult {
  cameoId: string;
  /** Whom it was revoked from: one handle, or every person but the owner. */
  revoked: string[] | 'everyone';
  flaggedUses: number;
  /** What the feed did, or why it could not be told (the revocation holds locally either way). */
  feed: { delisted: number } | { error: string } | null;
}

export interface CameoLibraryDeps {
  /** `<data dir>/cameos`. */
  dir: string;
  vault: CameoVault;
  follows: FollowGraph;
  feed?: CameoFeedHooks;
  now?: () => number;
}

export class CameoLibrary {
  private state: LibraryFile | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(event: CameoEvent) => void>();

  constructor(private readonly deps: CameoLibraryDeps) {}

  private get file(): string {
    return path.join(this.deps.dir, 'library.json');
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  subscribe(listener: (event: CameoEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: CameoEvent): void {
    for (const l of this.listeners) l(event);
  }

  private async load(): Promise<LibraryFile> {
    if (this.state) return this.state;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.state = emptyLibrary();
      return this.state;
    }
    const parsed = parseLibraryFile(text);
    if (!parsed) {
      // Keep the damaged file for inspection; starting empty would silently drop everyone's consent choices.
      const kept = `${this.file}.corrupt-${this.now()}`;
      await rename(this.file, kept);
      throw new CameoLibraryError(`the cameo library ${this.file} is damaged and was kept as ${kept}; restore it from a backup`, 'conflict');
    }
    this.state = parsed;
    return this.state;
  }

  /** Runs mutations one after another, each saving before the next starts. */
  private mutate<T>(fn: (state: LibraryFile) => Promise<T> | T): Promise<T> {
    const run = this.chain.then(async () => {
      const state = await this.load();
      const result = await fn(state);
      await writeFileAtomic(this.file, JSON.stringify(state, null, 1));
      return result;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async read<T>(fn: (state: LibraryFile) => Promise<T> | T): Promise<T> {
    await this.chain;
    return fn(await this.load());
  }

  // ── records ──────────────────────────────────────────────────────────────────────────────────────────────────

  async create(owner: string, input: NewCameo): Promise<CameoRecord> {
    const id = `cameo_${randomUUID().replace(/-/g, '')}`;
    const recordingName = `recording.${input.recording.ext}`;
    const record = cameoRecordSchema.parse({
      id,
      owner,
      displayName: input.displayName,
      handle: input.handle,
      kind: input.kind,
      createdAt: this.now(),
      permission: input.permission ?? 'only_me',
      restrictions: [],
      instructions: [],
      consent: { by: owner, at: this.now(), phrase: input.phrase, recordingSha256: sha256(input.recording.data), ...(input.check ? { check: input.check } : {}) },
      recording: { name: recordingName, sha256: sha256(input.recording.data), bytes: input.recording.data.length },
      references: input.references.map((r, i) => ({ name: `reference-${i}.${r.ext}`, sha256: sha256(r.data), bytes: r.data.length, ...(r.atS !== undefined ? { atS: Math.round(r.atS * 1000) / 1000 } : {}) })),
    });
    return this.mutate(async (state) => {
      if (state.cameos.some((c) => c.handle === record.handle)) throw new CameoLibraryError(`the cameo handle @${record.handle} is taken; choose another`, 'conflict');
      try {
        await this.deps.vault.put(id, recordingName, input.recording.data);
        for (const [i, r] of input.references.entries()) await this.deps.vault.put(id, record.references[i]!.name, r.data);
      } catch (error) {
        await this.deps.vault.remove(id);
        throw error;
      }
      state.cameos.push(record);
      return record;
    }).then(async (created) => {
      // Registering lets the owner (and whoever they allow) publish posts naming the cameo; signed out, it waits.
      await this.tellFeed({ owner, cameoId: created.id, kind: 'share' });
      return created;
    });
  }

  private feedEntry(c: CameoRecord) {
    return { id: c.id, owner: c.owner, permission: c.permission, consentHash: c.consent.recordingSha256 };
  }

  private ownedBy(state: LibraryFile, owner: string, id: string): CameoRecord {
    const cameo = state.cameos.find((c) => c.id === id);
    // A cameo someone else owns is "not found" to you: its existence is not yours to probe.
    if (!cameo || cameo.owner !== owner) throw new CameoLibraryError(`you have no cameo ${id}`, 'not_found');
    return cameo;
  }

  async get(id: string): Promise<CameoRecord | undefined> {
    return this.read((s) => s.cameos.find((c) => c.id === id));
  }

  /** Changes what the owner controls: permission, restrictions, instructions, display name. */
  async update(
    owner: string,
    id: string,
    change: { displayName?: string; permission?: CameoPermission; restrictions?: CameoRestriction[]; instructions?: string[] },
  ): Promise<CameoRecord> {
    const record = await this.mutate((state) => {
      const cameo = this.ownedBy(state, owner, id);
      const next = cameoRecordSchema.parse({ ...cameo, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) });
      Object.assign(cameo, next);
      return next;
    });
    this.emit({ type: 'consent_changed', cameoId: id });
    if (change.permission) await this.tellFeed({ owner, cameoId: id, kind: 'share' });
    return record;
  }

  /**
   * Deletes the cameo, its sealed media, its grants and its usage log; the feed delists posts using it. The takes made
   * with it stay flagged: a tombstone keeps their ids (and who made each), so the studio still marks them and an
   * export of them is still refused. Each person who made takes with it keeps a notice saying so.
   */
  async delete(owner: string, id: string): Promise<{ feed: RevokeResult['feed'] }> {
    const notices = await this.mutate(async (state) => {
      const cameo = this.ownedBy(state, owner, id);
      await this.deps.vault.remove(id);
      const takes = new Map<string, CameoTombstone['takes'][number]>();
      const projectDirs = new Map<string, Set<string>>();
      for (const u of state.usage) {
        if (u.cameoId !== id || u.purpose !== 'generation' || !u.jobId || takes.has(u.jobId)) continue;
        takes.set(u.jobId, { takeId: u.jobId, user: u.user, renderDeleted: u.deletedAt !== undefined });
        if (u.projectDir) projectDirs.set(u.user, (projectDirs.get(u.user) ?? new Set()).add(u.projectDir));
      }
      if (takes.size > 0) state.tombstones.push({ cameo: noticeCameo(cameo), owner: cameo.owner, deletedAt: this.now(), takes: [...takes.values()] });
      state.cameos = state.cameos.filter((c) => c.id !== id);
      state.grants = state.grants.filter((g) => g.cameoId !== id);
      state.usage = state.usage.filter((u) => u.cameoId !== id);
      // Each person who made takes with it hears that those takes can no longer be exported (the owner knows).
      const makers = new Map<string, number>();
      for (const take of takes.values()) if (take.user !== owner) makers.set(take.user, (makers.get(take.user) ?? 0) + 1);
      return [...makers].map(([user, count]) =>
        this.keepNotice(state, { to: user, kind: 'deleted', cameo: noticeCameo(cameo), by: owner, projectDirs: [...(projectDirs.get(user) ?? [])].slice(0, 50), flaggedTakes: count }),
      );
    });
    this.emit({ type: 'consent_changed', cameoId: id });
    for (const notice of notices) this.emit({ type: 'notice', notice });
    return { feed: await this.tellFeed({ owner, cameoId: id, kind: 'revoke_all' }) };
  }

  async mine(owner: string): Promise<CameoRecord[]> {
    return this.read((s) => s.cameos.filter((c) => c.owner === owner));
  }

  /** Whether `user` made anything with the cameo or asked for it: who hears that its consent changed. */
  async concerns(user: string, cameoId: string): Promise<boolean> {
    return this.read((s) => s.usage.some((u) => u.cameoId === cameoId && u.user === user) || s.grants.some((g) => g.cameoId === cameoId && g.user === user));
  }

  /** Cameos of other people that `user` may use now. */
  async sharedWith(user: string): Promise<CameoSummary[]> {
    const candidates = await this.read((s) => s.cameos.filter((c) => c.owner !== user));
    const out: CameoSummary[] = [];
    for (const c of candidates) {
      const summary = await this.summarise(c, user);
      if (summary.usable) out.push(summary);
    }
    return out;
  }

  /** Finds a cameo by its @handle, as someone who wants to ask for it sees it. */
  async lookup(user: string, handle: string): Promise<CameoSummary> {
    const cameo = await this.read((s) => s.cameos.find((c) => c.handle === handle));
    if (!cameo) throw new CameoLibraryError(`no cameo @${handle}`, 'not_found');
    return this.summarise(cameo, user);
  }

  private async summarise(c: CameoRecord, user: string): Promise<CameoSummary> {
    const grant = await this.read((s) => s.grants.find((g) => g.cameoId === c.id && g.user === user));
    const refusal = await this.refusal(c, user);
    return {
      id: c.id,
      owner: c.owner,
      displayName: c.displayName,
      handle: c.handle,
      kind: c.kind,
      permission: c.permission,
      referenceCount: c.references.length,
      restrictions: c.restrictions,
      instructions: c.instructions,
      usable: refusal === null,
      myGrant: grant?.state ?? null,
    };
  }

  // ── access ───────────────────────────────────────────────────────────────────────────────────────────────────

  /** Why `user` may not use the cameo now, or null when they may. */
  private async refusal(cameo: CameoRecord, user: string): Promise<CameoConsentError | null> {
    return refusalIn(await this.read((s) => s), cameo, user, this.deps.follows);
  }

  /**
   * Throws a `CameoConsentError` unless `user` may use every one of the cameos now. Generation calls it when a job is
   * queued and again when it starts; exports call it for the cameos a request names and for those the timeline's takes
   * were made with (unless the person exporting owns the cameo).
   */
  async assertCameosUsable(ids: readonly string[], user: string): Promise<void> {
    await assertUsableIn(await this.read((s) => s), ids, user, this.deps.follows);
  }

  /**
   * For an export or a post: checks `user` may use every cameo now (throws `CameoConsentError` otherwise) and returns
   * what provenance records for each — the owner and consent hash from the library, never from the caller.
   */
  async consentForUse(ids: readonly string[], user: string): Promise<{ cameoId: string; ownerHandle: string; consentHash: string }[]> {
    await this.assertCameosUsable(ids, user);
    const out = [];
    for (const id of new Set(ids)) {
      const cameo = (await this.get(id))!;
      out.push({ cameoId: id, ownerHandle: cameo.owner, consentHash: cameo.consent.recordingSha256 });
    }
    return out;
  }

  /** Throws naming the owner's rule when the prompt breaks a restriction of any of the cameos. */
  async assertPromptAllowed(ids: readonly string[], prompt: string): Promise<void> {
    for (const id of new Set(ids)) {
      const cameo = await this.get(id);
      if (!cameo) throw new CameoConsentError(`the cameo ${id} does not exist (it may have been deleted by its owner)`, id, 'unknown');
      const breach = findBreach(prompt, cameo.restrictions);
      if (breach) {
        throw new CameoConsentError(
          `@${cameo.owner}'s rule for the cameo @${cameo.handle} — "${breach.description}" — refuses this prompt (it mentions "${breach.matched}")`,
          id,
          'restriction',
          breach.description,
        );
      }
    }
  }

  /** The owners' instructions, as a clause to append to the prompt ("" when there are none). */
  async instructionsFor(ids: readonly string[]): Promise<string> {
    const clauses: string[] = [];
    for (const id of new Set(ids)) {
      const cameo = await this.get(id);
      if (cameo) clauses.push(instructionsClause(cameo.instructions));
    }
    return clauses.filter(Boolean).join(', ');
  }

  // ── requests, grants, revocation ─────────────────────────────────────────────────────────────────────────────

  async request(user: string, id: string, note = ''): Promise<CameoGrant> {
    const grant = await this.mutate((state) => {
      const cameo = state.cameos.find((c) => c.id === id);
      if (!cameo) throw new CameoLibraryError(`no cameo ${id}`, 'not_found');
      if (cameo.owner === user) throw new CameoLibraryError('this is your own cameo', 'bad_request');
      const existing = state.grants.find((g) => g.cameoId === id && g.user === user);
      if (existing?.state === 'approved') return existing;
      // A revoked person cannot ask again until the owner clears it by approving them.
      if (existing?.state === 'revoked') throw new CameoLibraryError(`@${cameo.owner} revoked your use of @${cameo.handle}`, 'forbidden');
      const next: CameoGrant = { cameoId: id, user, state: 'requested', at: this.now(), note };
      state.grants = state.grants.filter((g) => g !== existing).concat(next);
      const notice = this.keepNotice(state, { to: cameo.owner, kind: 'requested', cameo: noticeCameo(cameo), by: user, projectDirs: [], ...(note ? { note } : {}) });
      return { ...next, owner: cameo.owner, notice };
    });
    const { owner, notice, ...clean } = grant as CameoGrant & { owner?: string; notice?: CameoNotice };
    if (owner) this.emit({ type: 'requested', owner, grant: clean });
    if (notice) this.emit({ type: 'notice', notice });
    return clean;
  }

  /** The owner's pending requests for their cameos. */
  async requests(owner: string): Promise<CameoGrant[]> {
    return this.read((s) => {
      const mine = new Set(s.cameos.filter((c) => c.owner === owner).map((c) => c.id));
      return s.grants.filter((g) => mine.has(g.cameoId) && g.state === 'requested');
    });
  }

  async grants(owner: string, id: string): Promise<CameoGrant[]> {
    return this.read((s) => {
      this.ownedBy(s, owner, id);
      return s.grants.filter((g) => g.cameoId === id);
    });
  }

  /** Approves a person (with or without a request); this also lifts an earlier revocation of them. */
  async approve(owner: string, id: string, user: string): Promise<CameoGrant> {
    const grant = await this.setGrant(owner, id, user, 'approved');
    await this.tellFeed({ owner, cameoId: id, kind: 'approve', user });
    return grant;
  }

  async refuse(owner: string, id: string, user: string): Promise<CameoGrant> {
    return this.mutate((state) => {
      this.ownedBy(state, owner, id);
      const existing = state.grants.find((g) => g.cameoId === id && g.user === user);
      if (existing?.state !== 'requested') throw new CameoLibraryError(`@${user} has no pending request for this cameo`, 'not_found');
      existing.state = 'refused';
      existing.at = this.now();
      return existing;
    });
  }

  private async setGrant(owner: string, id: string, user: string, state: CameoGrant['state']): Promise<CameoGrant> {
    if (user === owner) throw new CameoLibraryError('you cannot change your own access to your cameo', 'bad_request');
    const grant = await this.mutate((s) => {
      this.ownedBy(s, owner, id);
      const existing = s.grants.find((g) => g.cameoId === id && g.user === user);
      const next: CameoGrant = { cameoId: id, user, state, at: this.now(), note: existing?.note ?? '' };
      s.grants = s.grants.filter((g) => g !== existing).concat(next);
      return next;
    });
    this.emit({ type: 'consent_changed', cameoId: id });
    return grant;
  }

  /**
   * Takes consent back from one person, or from everyone but the owner (which also sets the cameo to only me). From
   * now on their new jobs and exports are refused; queued jobs are cancelled (the generation gate listens); takes they
   * made are flagged for the owner; the feed delists their posts.
   */
  async revoke(owner: string, id: string, who: { user: string } | 'everyone'): Promise<RevokeResult> {
    const at = this.now();
    const result = await this.mutate((s) => {
      const cameo = this.ownedBy(s, owner, id);
      const users = who === 'everyone' ? [...new Set([...s.grants.filter((g) => g.cameoId === id).map((g) => g.user), ...s.usage.filter((u) => u.cameoId === id).map((u) => u.user)])].filter((u) => u !== owner) : [who.user];
      if (who !== 'everyone' && who.user === owner) throw new CameoLibraryError('you cannot revoke your own cameo from yourself; delete it instead', 'bad_request');
      for (const user of users) {
        const existing = s.grants.find((g) => g.cameoId === id && g.user === user);
        s.grants = s.grants.filter((g) => g !== existing).concat({ cameoId: id, user, state: 'revoked', at, note: existing?.note ?? '' });
      }
      if (who === 'everyone') cameo.permission = 'only_me';
      let flaggedUses = 0;
      for (const u of s.usage) {
        if (u.cameoId === id && u.user !== owner && users.includes(u.user) && u.flaggedAt === undefined) {
          u.flaggedAt = at;
          flaggedUses++;
        }
      }
      // Each person revoked hears of it, with the takes of theirs that are flagged now and where they are.
      const notices = users.map((user) => {
        const takes = s.usage.filter((u) => u.cameoId === id && u.user === user && u.purpose === 'generation' && u.flaggedAt !== undefined && u.deletedAt === undefined);
        const projectDirs = [...new Set(takes.flatMap((u) => (u.projectDir ? [u.projectDir] : [])))];
        return this.keepNotice(s, { to: user, kind: 'revoked', cameo: noticeCameo(cameo), by: owner, projectDirs, flaggedTakes: takes.length });
      });
      return { users, flaggedUses, notices };
    });
    this.emit({ type: 'consent_changed', cameoId: id });
    for (const notice of result.notices) this.emit({ type: 'notice', notice });
    const feed = await this.tellFeed(who === 'everyone' ? { owner, cameoId: id, kind: 'revoke_all' } : { owner, cameoId: id, kind: 'revoke_user', user: who.user });
    if (who === 'everyone') {
      await this.tellFeed({ owner, cameoId: id, kind: 'share' });
      // Each revoked person stays out of the feed too if the cameo is shared widely again.
      for (const user of result.users) await this.tellFeed({ owner, cameoId: id, kind: 'revoke_user', user });
    }
    return { cameoId: id, revoked: who === 'everyone' ? 'everyone' : result.users, flaggedUses: result.flaggedUses, feed };
  }

  /**
   * Tells the feed about a change, after any earlier ones it has not heard yet (order matters: an approval then a
   * revocation must arrive in that order). A change the feed could not take is kept and sent again next time; local
   * consent has changed regardless, and the result says the feed has not heard yet.
   */
  private async tellFeed(change: Omit<FeedChange, 'at'>): Promise<RevokeResult['feed']> {
    if (!this.deps.feed) return null;
    const waiting = await this.flushFeed(change.owner);
    if (waiting > 0) {
      await this.mutate((s) => void s.feedPending.push({ ...change, at: this.now() }));
      return { error: `the feed has not heard about ${waiting} earlier change${waiting === 1 ? '' : 's'} yet; this one waits behind them` };
    }
    try {
      return { delisted: await this.sendToFeed(change) };
    } catch (error) {
      await this.mutate((s) => void s.feedPending.push({ ...change, at: this.now() }));
      return { error: `the feed could not be told (it will be, next time the feed is reached): ${(error as Error).message}` };
    }
  }

  /** Sends the owner's waiting feed changes in order; returns how many still wait (stops at the first failure). */
  async flushFeed(owner: string): Promise<number> {
    const waiting = await this.read((s) => s.feedPending.filter((c) => c.owner === owner));
    for (const change of waiting) {
      try {
        await this.sendToFeed(change);
      } catch {
        return waiting.length - waiting.indexOf(change);
      }
      // `waiting` holds the library's own entries, so this removes exactly the one just sent.
      await this.mutate((s) => void (s.feedPending = s.feedPending.filter((c) => c !== change)));
    }
    return 0;
  }

  private async sendToFeed(change: Omit<FeedChange, 'at'>): Promise<number> {
    const feed = this.deps.feed!;
    const { owner, cameoId: id } = change;
    switch (change.kind) {
      case 'share': {
        const record = await this.get(id);
        if (record) await feed.share(this.feedEntry(record));
        return 0;
      }
      case 'approve':
        await feed.approveUser(owner, id, change.user!);
        return 0;
      case 'revoke_user':
        return (await feed.revokeUser(owner, id, change.user!)).delisted;
      case 'revoke_all':
        return (await feed.revokeAll(owner, id)).delisted;
    }
  }

  // ── usage log ────────────────────────────────────────────────────────────────────────────────────────────────

  /** Records a use and notifies the owner's subscribers (never for the owner's own use). */
  async recordUse(entry: Omit<CameoUsage, 'id' | 'at'>): Promise<CameoUsage> {
    const usage: CameoUsage = { ...entry, id: randomUUID(), at: this.now() };
    const { owner, notice } = await this.mutate((s) => {
      const cameo = s.cameos.find((c) => c.id === entry.cameoId);
      if (!cameo) throw new CameoLibraryError(`no cameo ${entry.cameoId}`, 'not_found');
      s.usage.push(usage);
      const kept =
        cameo.owner === usage.user
          ? null
          : this.keepNotice(s, { to: cameo.owner, kind: 'used', cameo: noticeCameo(cameo), by: usage.user, purpose: usage.purpose, projectDirs: usage.projectDir ? [usage.projectDir] : [] });
      return { owner: cameo.owner, notice: kept };
    });
    if (owner !== usage.user) this.emit({ type: 'used', owner, usage });
    if (notice) this.emit({ type: 'notice', notice });
    return usage;
  }

  /** Notes the render a job produced on its usage entry, so a later revocation can flag it. */
  async noteRender(jobId: string, renderPath: string): Promise<void> {
    await this.mutate((s) => {
      for (const u of s.usage) if (u.jobId === jobId) u.renderPath = renderPath;
    });
  }

  async usageLog(owner: string, id?: string): Promise<CameoUsage[]> {
    return this.read((s) => {
      const mine = new Set(s.cameos.filter((c) => c.owner === owner && (!id || c.id === id)).map((c) => c.id));
      return s.usage.filter((u) => mine.has(u.cameoId)).sort((a, b) => b.at - a.at);
    });
  }

  /** The feed's side of the usage log: posts naming the cameo, by anyone, with their state. */
  async feedPosts(owner: string, id: string): Promise<CameoPostUse[]> {
    await this.read((s) => this.ownedBy(s, owner, id));
    if (!this.deps.feed) return [];
    try {
      return await this.deps.feed.postsUsing(owner, id);
    } catch (error) {
      throw new CameoLibraryError(`the feed could not list the posts using this cameo: ${(error as Error).message}`, 'bad_request');
    }
  }

  /** Takes and drafts made by people whose consent was revoked afterwards. */
  async flagged(owner: string): Promise<CameoUsage[]> {
    return (await this.usageLog(owner)).filter((u) => u.flaggedAt !== undefined && u.deletedAt === undefined);
  }

  /** The owner deletes a flagged render (the take's MP4 and its poster). */
  async deleteFlagged(owner: string, usageId: string): Promise<CameoUsage> {
    return this.mutate(async (s) => {
      const usage = s.usage.find((u) => u.id === usageId);
      if (!usage || !s.cameos.some((c) => c.id === usage.cameoId && c.owner === owner)) throw new CameoLibraryError('no such use of your cameo', 'not_found');
      if (usage.flaggedAt === undefined) throw new CameoLibraryError('only a take made without consent (revoked afterwards) can be deleted by the owner', 'forbidden');
      if (!usage.renderPath) throw new CameoLibraryError('that use has no render to delete', 'bad_request');
      await rm(usage.renderPath, { force: true });
      await rm(usage.renderPath.replace(/\.[^./]+$/, '') + '.poster.jpg', { force: true });
      usage.deletedAt = this.now();
      return usage;
    });
  }

  // ── notices ──────────────────────────────────────────────────────────────────────────────────────────────────

  /** Keeps a notice for someone inside a mutation (the caller emits it once saved); the oldest beyond the cap go. */
  private keepNotice(state: LibraryFile, notice: Omit<CameoNotice, 'id' | 'at'>): CameoNotice {
    const kept: CameoNotice = { ...notice, id: randomUUID(), at: this.now() };
    state.notices.push(kept);
    const theirs = state.notices.filter((n) => n.to === kept.to);
    if (theirs.length > MAX_NOTICES_PER_PERSON) {
      const dropped = new Set(theirs.slice(0, theirs.length - MAX_NOTICES_PER_PERSON));
      state.notices = state.notices.filter((n) => !dropped.has(n));
    }
    return kept;
  }

  /** The notices waiting for `user`, newest first. */
  async notices(user: string): Promise<CameoNotice[]> {
    return this.read((s) => s.notices.filter((n) => n.to === user).sort((a, b) => b.at - a.at));
  }

  /** Removes one of `user`'s notices (they have seen it); someone else's is "not found". */
  async dismissNotice(user: string, id: string): Promise<void> {
    await this.mutate((s) => {
      const notice = s.notices.find((n) => n.id === id && n.to === user);
      if (!notice) throw new CameoLibraryError('no such notice', 'not_found');
      s.notices = s.notices.filter((n) => n !== notice);
    });
  }

  /**
   * Which of the given takes (a take's id is its generation job's id) were made with a cameo whose owner has since
   * revoked their maker's consent, or deleted the cameo. Anyone who can open the project may ask: the flag belongs to
   * the take, whoever is signed in. With `asker`, also the takes that person may not use now ('not_usable').
   */
  async flaggedTakes(takeIds: readonly string[], asker?: { user: string | null }): Promise<FlaggedTake[]> {
    const state = await this.read((s) => s);
    const takes = takeCameosIn(state, takeIds);
    const flagged = flaggedOf(takes);
    if (!asker) return flagged;
    // For the person asking, also the takes they may not export now (the export service's own check): a cameo its
    // owner does not share with them, or any cameo when nobody is signed in.
    const seen = new Set(flagged.map((f) => f.takeId));
    const now = this.now();
    for (const t of takes) {
      if (seen.has(t.takeId) || t.owner === asker.user) continue;
      const cameo = state.cameos.find((c) => c.id === t.cameo.id);
      if (!cameo) continue;
      const detail = asker.user === null
        ? `nobody is signed in; only someone @${t.owner} shares the cameo @${t.cameo.handle} with may export this take`
        : (await refusalIn(state, cameo, asker.user, this.deps.follows))?.message;
      if (!detail) continue;
      seen.add(t.takeId);
      flagged.push({ takeId: t.takeId, cameo: t.cameo, owner: t.owner, user: t.user, reason: 'not_usable', detail, signedOut: asker.user === null, flaggedAt: now, renderDeleted: false });
    }
    return flagged;
  }

  /**
   * The cameos each of the given takes was made with, from the engine's own record (the usage log, and the tombstones
   * of deleted cameos), with whether each take is flagged. Exports ask this for every take on the timeline.
   */
  async takeCameos(takeIds: readonly string[]): Promise<TakeCameo[]> {
    return this.read((s) => takeCameosIn(s, takeIds));
  }
}

/**
 * What an export needs of the cameo library (`CameoLibrary` is one): the cameos the takes on a timeline were made with,
 * and whether the person exporting may use each of them now (the same check generation makes).
 */
export interface TakeCameoRecords {
  takeCameos(takeIds: readonly string[]): Promise<TakeCameo[]>;
  /** Throws a `CameoConsentError` unless `user` may use every one of the cameos now. */
  assertCameosUsable(ids: readonly string[], user: string): Promise<void>;
}

/** For a process that cannot ask the feed's follow graph: no two people are taken to be mutual followers. */
const NO_MUTUAL_FOLLOWS: FollowGraph = { areMutual: async () => false };

/**
 * The library read from `<dir>/library.json` afresh on every call, for a process that does not hold the engine's
 * library (the export CLI). Read only: a damaged file is reported, not moved aside; no file means no cameos yet.
 */
export function libraryTakeRecords(dir: string, follows: FollowGraph = NO_MUTUAL_FOLLOWS): TakeCameoRecords {
  const file = path.join(dir, 'library.json');
  const read = async (): Promise<LibraryFile> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyLibrary();
      throw error;
    }
    const state = parseLibraryFile(text);
    if (!state) throw new CameoLibraryError(`the cameo library ${file} is damaged, so the takes' cameos cannot be checked; restore it from a backup`, 'conflict');
    return state;
  };
  return {
    takeCameos: async (takeIds) => takeCameosIn(await read(), takeIds),
    assertCameosUsable: async (ids, user) => assertUsableIn(await read(), ids, user, follows),
  };
}

/**
 * Why `user` may not use the cameo now, or null when they may. In order: the owner always; a revoked person never (even
 * if the cameo is later shared with everyone); everyone; an approved person unless it is only me; a mutual follower.
 */
async function refusalIn(s: LibraryFile, cameo: CameoRecord, user: string, follows: FollowGraph): Promise<CameoConsentError | null> {
  if (cameo.owner === user) return null;
  const grant = s.grants.find((g) => g.cameoId === cameo.id && g.user === user);
  const who = `@${cameo.owner}`;
  if (grant?.state === 'revoked') return new CameoConsentError(`${who} revoked your use of the cameo @${cameo.handle}`, cameo.id, 'revoked');
  if (cameo.permission === 'everyone') return null;
  if (cameo.permission !== 'only_me' && grant?.state === 'approved') return null;
  if (cameo.permission === 'mutual_followers' && (await follows.areMutual(cameo.owner, user))) return null;
  const how = cameo.permission === 'only_me' ? 'keeps it to themselves' : 'has not approved you';
  return new CameoConsentError(`${who} ${how}: you may not use the cameo @${cameo.handle}; ask them for access`, cameo.id, 'not_shared');
}

async function assertUsableIn(s: LibraryFile, ids: readonly string[], user: string, follows: FollowGraph): Promise<void> {
  for (const id of new Set(ids)) {
    const cameo = s.cameos.find((c) => c.id === id);
    if (!cameo) throw new CameoConsentError(`the cameo ${id} does not exist (it may have been deleted by its owner)`, id, 'unknown');
    const refusal = await refusalIn(s, cameo, user, follows);
    if (refusal) throw refusal;
  }
}

function emptyLibrary(): LibraryFile {
  return { version: LIBRARY_VERSION, cameos: [], grants: [], usage: [], feedPending: [], notices: [], tombstones: [] };
}

/** The library file's contents, or null when it is not JSON or fails the schema. */
function parseLibraryFile(text: string): LibraryFile | null {
  try {
    const parsed = libraryFileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function takeCameosIn(s: LibraryFile, takeIds: readonly string[]): TakeCameo[] {
  const wanted = new Set(takeIds);
  const live = s.usage.flatMap((u): TakeCameo[] => {
    const cameo = s.cameos.find((c) => c.id === u.cameoId);
    if (u.purpose !== 'generation' || !u.jobId || !wanted.has(u.jobId) || !cameo) return [];
    return [
      {
        takeId: u.jobId,
        cameo: noticeCameo(cameo),
        owner: cameo.owner,
        user: u.user,
        consentHash: cameo.consent.recordingSha256,
        flag: u.flaggedAt === undefined ? null : { reason: 'revoked', at: u.flaggedAt, renderDeleted: u.deletedAt !== undefined },
      },
    ];
  });
  const deleted = s.tombstones.flatMap((t) =>
    t.takes
      .filter((take) => wanted.has(take.takeId))
      .map((take): TakeCameo => ({ takeId: take.takeId, cameo: t.cameo, owner: t.owner, user: take.user, consentHash: null, flag: { reason: 'deleted', at: t.deletedAt, renderDeleted: take.renderDeleted } })),
  );
  return [...live, ...deleted];
}

function flaggedOf(takes: readonly TakeCameo[]): FlaggedTake[] {
  return takes.flatMap((t) =>
    t.flag ? [{ takeId: t.takeId, cameo: t.cameo, owner: t.owner, user: t.user, reason: t.flag.reason, flaggedAt: t.flag.at, renderDeleted: t.flag.renderDeleted }] : [],
  );
}

function noticeCameo(cameo: CameoRecord): CameoNotice['cameo'] {
  return { id: cameo.id, handle: cameo.handle, displayName: cameo.displayName };
}
