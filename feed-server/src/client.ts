/**
 * A small typed HTTP client for the feed server, used by the studio engine (plain Node). It authenticates with a
 * bearer token, so it needs no cookies or CSRF tokens.
 */
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { randomBytes } from 'node:crypto';
import type { Viewer } from './accounts/accounts.js';
import type { FeedPage } from './feed/feed.js';
import type { PostView } from './posts/post-view.js';
import type { RemixSeed } from './social/social.js';

export type { FeedPage, PostView, RemixSeed, Viewer };

export interface PublishInput {
  title: string;
  prompt?: string;
  storyboardSummary?: string;
  cameoIds?: string[];
  provenance?: Record<string, unknown>;
  visibility?: 'public' | 'unlisted';
  remixOf?: string | null;
}

export interface FeedRequest {
  mode?: 'ranked' | 'chronological';
  steer?: string;
  cursor?: string;
  limit?: number;
}

export class FeedClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string };
}

export class FeedClient {
  private token: string | undefined;

  constructor(
    readonly baseUrl: string,
    token?: string,
  ) {
    this.token = token;
  }

  /** The bearer token after sign-in (the studio keeps it in its own secure storage). */
  get accessToken(): string | undefined {
    return this.token;
  }

  async signUp(input: { handle: string; displayName: string; password: string; accountType?: 'adult' | 'teen' }): Promise<Viewer> {
    const result = await this.request<{ user: Viewer; token: string }>('POST', '/api/accounts', { ...input, tokenDelivery: 'bearer' });
    this.token = result.token;
    return result.user;
  }

  async signIn(input: { handle: string; password: string }): Promise<Viewer> {
    const result = await this.request<{ user: Viewer; token: string }>('POST', '/api/session', { ...input, tokenDelivery: 'bearer' });
    this.token = result.token;
    return result.user;
  }

  /** A one-time code that signs the feed's web UI in as this account (`/#handoff=<code>`); see accounts/routes.ts. */
  loginHandoff(): Promise<{ code: string; expiresAt: number }> {
    return this.request('POST', '/api/session/handoff');
  }

  async signOut(): Promise<void> {
    await this.request('DELETE', '/api/session');
    this.token = undefined;
  }

  feed(request: FeedRequest = {}): Promise<FeedPage> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(request)) if (value !== undefined) query.set(key, String(value));
    return this.request<FeedPage>('GET', `/api/feed?${query}`);
  }

  post(id: string): Promise<PostView> {
    return this.request<PostView>('GET', `/api/posts/${encodeURIComponent(id)}`);
  }

  remix(postId: string): Promise<RemixSeed> {
    return this.request<RemixSeed>('POST', `/api/posts/${encodeURIComponent(postId)}/remix`);
  }

  /** Uploads an exported MP4 with its metadata; `onProgress` hears bytes sent as the upload goes. */
  async publish(videoPath: string, metadata: PublishInput, onProgress?: (sent: number, total: number) => void): Promise<PostView> {
    const boundary = `----scenecast${randomBytes(12).toString('hex')}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(metadata)}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="video"; filename="export.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const { size } = await fs.stat(videoPath);
    const total = head.length + size + tail.length;
    const url = new URL('/api/posts', this.baseUrl);
    const transport = url.protocol === 'https:' ? https : http;

    return new Promise<PostView>((resolve, reject) => {
      const req = transport.request(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': total,
            ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            try {
              resolve(FeedClient.decode<PostView>(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
            } catch (error) {
              reject(error as Error);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', (error) => reject(new FeedClientError(0, 'network', `Could not reach the feed at ${this.baseUrl}: ${error.message}`)));
      let sent = 0;
      const progress = (n: number) => {
        sent += n;
        onProgress?.(sent, total);
      };
      req.write(head);
      progress(head.length);
      const file = createReadStream(videoPath);
      file.on('data', (chunk) => {
        const buffer = chunk as Buffer;
        if (!req.write(buffer)) file.pause();
        progress(buffer.length);
      });
      req.on('drain', () => file.resume());
      file.on('error', (error) => req.destroy(error));
      file.on('end', () => {
        req.end(tail);
        progress(tail.length);
      });
    });
  }

  /** Any other endpoint, JSON in and out. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : null,
      });
    } catch (error) {
      throw new FeedClientError(0, 'network', `Could not reach the feed at ${this.baseUrl}: ${(error as Error).message}`);
    }
    return FeedClient.decode<T>(res.status, await res.text());
  }

  private static decode<T>(status: number, text: string): T {
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      throw new FeedClientError(status, 'bad_response', `The feed server answered ${status} with something that is not JSON.`);
    }
    if (status >= 400) {
      const error = (json as ErrorBody).error;
      throw new FeedClientError(status, error?.code ?? 'error', error?.message ?? `The feed server answered ${status}.`);
    }
    return json as T;
  }
}
