/**
 * The studio's side of the community feed: which server it talks to (the embedded local one by default, started on
 * first use in its own process, or the one the `feedServerUrl` setting names), the signed-in session, publishing a
 * take with upload progress, and remixing a post into a new project.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { FeedClient, FeedClientError, type PostView, type PublishInput } from '../../../feed-server/src/client.js';
import type { RunningFeedServer } from '../../../feed-server/src/main.js';
import { spawnFeedServer } from '../../../feed-server/src/spawn.js';
import { RENDERS_DIR, openProject, saveProject } from '../projects/store.js';
import { resolveInProject } from '../projects/paths.js';
import { isOpenedProject, type ProjectService } from '../projects/service.js';
import type { SettingsStore } from '../settings/store.js';
import { remixPrompts, withRemixScenes } from './remix.js';
import { deleteFeedSession, readFeedSession, writeFeedSession, type FeedSession } from './session.js';

/** Starts the embedded feed server; injectable so a host can pass a Node 22 binary (Electron) or run it in process. */
export type EmbeddedFeedStarter = (dataDir: string) => Promise<RunningFeedServer>;

export interface FeedServiceDeps {
  /** The app's data folder: the embedded server keeps its data in `<dataDir>/feed`, the session in `feed-session.json`. */
  dataDir: string;
  settings: SettingsStore;
  projects: ProjectService;
  startEmbedded?: EmbeddedFeedStarter;
}

export interface FeedStatus {
  /** The feed's web UI (the sidebar loads it); null until the server is known to run. */
  url: string;
  embedded: boolean;
  handle: string | null;
}

export type PublishJob =
  | { id: string; state: 'uploading'; sent: number; total: number }
  | { id: string; state: 'published'; post: { id: string; title: string; url: string } }
  | { id: string; state: 'failed'; message: string };

export interface PublishRequest {
  dir: string;
  renderPath: string;
  title: string;
  visibility: 'public' | 'unlisted';
  prompt: string;
  storyboardSummary: string;
  provenance: Record<string, unknown>;
  /** Cameos that appear in the video (the feed checks the author may use each). */
  cameoIds?: string[];
}

/** A mistake the user can fix (not signed in, wrong file, feed unreachable): its message is shown as it is. */
export class FeedError extends Error {
  constructor(
    message: string,
    readonly kind: 'unauthorized' | 'bad_request' | 'unavailable' | 'not_found' = 'bad_request',
  ) {
    super(message);
  }
}

const EMBEDDED = 'embedded';
const KEEP_FINISHED_JOBS = 20;

export const spawnEmbeddedFeed: EmbeddedFeedStarter = async (dataDir) => {
  // Forking Electron's own binary would start a second app, not a Node process: the shell must pass a starter.
  if (process.versions.electron) throw new Error('inside Electron the feed server needs a Node 22 binary (EngineHost.startFeedServer)');
  return spawnFeedServer({ dataDir, port: 0, host: '127.0.0.1', env: { FEED_LOG_LEVEL: 'warn' } });
};

export class FeedService {
  private embedded: Promise<RunningFeedServer> | null = null;
  private session: FeedSession | null | undefined;
  private readonly jobs = new Map<string, PublishJob>();
  private readonly listeners = new Set<(job: PublishJob) => void>();
  private readonly accountListeners = new Set<() => void>();
  private disposed = false;

  constructor(private readonly deps: FeedServiceDeps) {}

  private get sessionFile(): string {
    return path.join(this.deps.dataDir, 'feed-session.json');
  }

  /** 'embedded' or the configured URL: a session belongs to one server. */
  private serverId(): string {
    const configured = this.deps.settings.get().feedServerUrl.trim();
    return configured ? normaliseUrl(configured) : EMBEDDED;
  }

  /** The feed's base URL, starting the embedded server on first use. */
  async url(): Promise<string> {
    const id = this.serverId();
    if (id !== EMBEDDED) return id;
    if (this.disposed) throw new FeedError('the studio is shutting down', 'unavailable');
    if (!this.embedded) {
      const start = this.deps.startEmbedded ?? spawnEmbeddedFeed;
      this.embedded = start(path.join(this.deps.dataDir, 'feed'));
      // A failed start is tried again next time (ffmpeg installed meanwhile, a port freed).
      this.embedded.catch(() => (this.embedded = null));
    }
    try {
      return (await this.embedded).url;
    } catch (error) {
      throw new FeedError(`The local feed server could not start: ${(error as Error).message}`, 'unavailable');
    }
  }

  private async currentSession(): Promise<FeedSession | null> {
    if (this.session === undefined) this.session = await readFeedSession(this.sessionFile);
    return this.session && this.session.server === this.serverId() ? this.session : null;
  }

  private async client(): Promise<FeedClient> {
    const session = await this.currentSession();
    return new FeedClient(await this.url(), session?.token);
  }

  async status(): Promise<FeedStatus> {
    const url = await this.url();
    const session = await this.currentSession();
    return { url, embedded: this.serverId() === EMBEDDED, handle: session?.handle ?? null };
  }

  /**
   * The address the sidebar loads the feed's page from. Signed in, it carries a one-time sign-in code in its fragment
   * (`/#handoff=…`, good for a minute) that the page trades for its own session, so one sign-in in the studio serves
   * the feed page too. Mint one per load: a code works once. The URL is handed to the page that loads it and nowhere
   * else (never logged).
   */
  async pageUrl(): Promise<{ url: string }> {
    const base = await this.url();
    const session = await this.currentSession();
    if (!session) return { url: `${base}/` };
    try {
      const { code } = await new FeedClient(base, session.token).loginHandoff();
      return { url: `${base}/#handoff=${encodeURIComponent(code)}` };
    } catch (error) {
      // Expired on the server (401) or a feed server without single sign-in (404): the page opens signed out and
      // has its own sign-in.
      if (error instanceof FeedClientError && (error.status === 401 || error.status === 404)) return { url: `${base}/` };
      throw feedError(error);
    }
  }

  async signUp(input: { handle: string; displayName: string; password: string }): Promise<FeedStatus> {
    const client = new FeedClient(await this.url());
    const viewer = await feedCall(() => client.signUp(input));
    await this.remember(viewer.handle, client.accessToken);
    this.accountChanged();
    return this.status();
  }

  async signIn(input: { handle: string; password: string }): Promise<FeedStatus> {
    const client = new FeedClient(await this.url());
    const viewer = await feedCall(() => client.signIn(input));
    await this.remember(viewer.handle, client.accessToken);
    this.accountChanged();
    return this.status();
  }

  async signOut(): Promise<FeedStatus> {
    const session = await this.currentSession();
    if (session) {
      try {
        await new FeedClient(await this.url(), session.token).signOut();
      } catch (error) {
        // An expired session or an unreachable server: forgetting the token locally is what signing out needs.
        if (!(error instanceof FeedClientError)) throw error;
      }
    }
    this.session = null;
    await deleteFeedSession(this.sessionFile);
    this.accountChanged();
    return this.status();
  }

  /** Calls back after each sign-up, sign-in and sign-out (who the studio acts as may have changed). */
  onAccountChange(listener: () => void): () => void {
    this.accountListeners.add(listener);
    return () => this.accountListeners.delete(listener);
  }

  private accountChanged(): void {
    for (const listener of this.accountListeners) listener();
  }

  private async remember(handle: string, token: string | undefined): Promise<void> {
    if (!token) throw new FeedError('the feed server did not hand out a session token', 'unavailable');
    this.session = { server: this.serverId(), handle, token };
    await writeFeedSession(this.sessionFile, this.session);
  }

  /** Starts uploading a take's render; returns at once with the job, whose progress `watch` reports. */
  async publish(request: PublishRequest): Promise<PublishJob> {
    const session = await this.currentSession();
    if (!session) throw new FeedError('Sign in to the feed to publish.', 'unauthorized');
    const file = await this.renderFile(request.dir, request.renderPath);
    const { size } = await stat(file);
    const client = await this.client();
    const job: PublishJob = { id: randomUUID(), state: 'uploading', sent: 0, total: size };
    this.update(job);
    const metadata: PublishInput = {
      title: request.title,
      prompt: request.prompt,
      storyboardSummary: request.storyboardSummary,
      cameoIds: request.cameoIds ?? [],
      provenance: request.provenance,
      visibility: request.visibility,
    };
    let lastPercent = -1;
    client
      .publish(file, metadata, (sent, total) => {
        // One event per percent is plenty for a progress bar.
        const percent = Math.floor((sent / total) * 100);
        if (percent === lastPercent) return;
        lastPercent = percent;
        this.update({ id: job.id, state: 'uploading', sent, total });
      })
      .then(
        (post: PostView) => this.update({ id: job.id, state: 'published', post: { id: post.id, title: post.title, url: `${client.baseUrl}/#/u/${encodeURIComponent(post.author.handle)}` } }),
        (error: unknown) => this.update({ id: job.id, state: 'failed', message: publishFailure(error) }),
      );
    return job;
  }

  job(id: string): PublishJob | undefined {
    return this.jobs.get(id);
  }

  subscribe(listener: (job: PublishJob) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private update(job: PublishJob): void {
    this.jobs.delete(job.id);
    this.jobs.set(job.id, job);
    const finished = [...this.jobs.values()].filter((j) => j.state !== 'uploading');
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED_JOBS))) this.jobs.delete(old.id);
    for (const listener of this.listeners) listener(job);
  }

  /** The render to upload: an MP4 under renders/ of a project this studio has opened, never a file elsewhere. */
  private async renderFile(dir: string, renderPath: string): Promise<string> {
    const project = path.resolve(dir);
    if (!(await isOpenedProject(this.deps.settings, project))) throw new FeedError(`${project} is not a project this studio has open; open it first.`, 'not_found');
    if (!renderPath.startsWith(`${RENDERS_DIR}/`) || !renderPath.toLowerCase().endsWith('.mp4')) {
      throw new FeedError(`only a take's MP4 under ${RENDERS_DIR}/ can be published, not ${renderPath}`);
    }
    let file: string;
    try {
      file = await resolveInProject(project, renderPath);
      if (!(await stat(file)).isFile()) throw new Error(`${renderPath} is not a file`);
    } catch (error) {
      throw new FeedError(`The take's video cannot be published: ${(error as Error).message}`, 'not_found');
    }
    return file;
  }

  /** Starts a new project from a post: its storyboard (or prompt) becomes the scenes. */
  async remix(postId: string): Promise<{ dir: string }> {
    const client = await this.client();
    // Signed in, the server counts the remix; anyone may still start from a post they can see.
    const source = client.accessToken ? await feedCall(() => client.remix(postId)) : await feedCall(() => client.post(postId));
    const name = `Remix of ${source.title}`.replace(/\s+/g, ' ').trim().slice(0, 120);
    const created = await this.deps.projects.create(name);
    const prompts = remixPrompts(source);
    if (prompts.length > 0) await saveProject(created.dir, withRemixScenes(created.document, prompts));
    // Read back what was written, so the caller opens exactly the saved project.
    await openProject(created.dir);
    return { dir: created.dir };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const running = this.embedded;
    this.embedded = null;
    if (!running) return;
    try {
      await (await running).close();
    } catch {
      // It never started, so there is nothing to stop.
    }
  }
}

function normaliseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new FeedError(`The feed server setting "${value}" is not a URL; use one like https://feed.example.org or leave it empty for the local feed.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FeedError(`The feed server setting must be an http(s) URL, not ${url.protocol}`);
  return url.origin;
}

/** Feed client errors become FeedErrors with the server's own (user-facing) message. */
async function feedCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw feedError(error);
  }
}

function feedError(error: unknown): unknown {
  if (!(error instanceof FeedClientError)) return error;
  const kind = error.status === 401 || error.status === 403 ? 'unauthorized' : error.status === 404 ? 'not_found' : error.status === 0 ? 'unavailable' : 'bad_request';
  return new FeedError(error.message, kind);
}

function publishFailure(error: unknown): string {
  if (error instanceof FeedClientError) return error.message;
  return `The upload failed: ${(error as Error).message}`;
}
