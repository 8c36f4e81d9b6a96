import { initTRPC } from '@trpc/server';

/** How a call reached the engine: the desktop app's IPC link, or web mode's WebSocket. */
export type EngineTransport = 'ipc' | 'websocket';

export interface EngineContext {
  /** Which window or web client is calling; used in logs and to scope per-client state. */
  clientId: string;
  /**
   * Set by the host that serves the router. Procedures that take bytes (`cameos.stageMedia`) answer only over IPC;
   * a call that does not say how it came (the CLI, the shell's own caller, tests) counts as neither.
   */
  transport?: EngineTransport;
}

const t = initTRPC.context<EngineContext>().create({
  errorFormatter({ shape, error }) {
    // Never send stack traces to a client; the message is written for the user.
    const { stack: _stack, ...data } = shape.data as typeof shape.data & { stack?: string };
    return { ...shape, data: { ...data, zodIssues: error.cause && 'issues' in error.cause ? (error.cause as { issues: unknown }).issues : undefined } };
  },
});

export const router = t.router;
export const procedure = t.procedure;
export const mergeRouters = t.mergeRouters;

/**
 * Turns a listener-style source into an async generator for a tRPC subscription: yields what the source emits and
 * unsubscribes when the client goes away (the signal aborts).
 */
export async function* listen<T>(subscribe: (push: (value: T) => void) => () => void, signal: AbortSignal | undefined, initial: T[] = []): AsyncGenerator<T> {
  const pending: T[] = [...initial];
  let wake: (() => void) | null = null;
  const unsubscribe = subscribe((value) => {
    pending.push(value);
    wake?.();
  });
  const aborted = new Promise<void>((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  try {
    while (!signal?.aborted) {
      while (pending.length > 0) yield pending.shift()!;
      await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
      wake = null;
    }
  } finally {
    unsubscribe();
  }
}

/**
 * A job's state now and at every change until it ends, for `watch`-style subscriptions: a job that has already ended is
 * sent once; otherwise each change is sent until one that `ended` accepts.
 */
export async function* followJob<T>(current: T, subscribe: (push: (value: T) => void) => () => void, ended: (value: T) => boolean, signal: AbortSignal | undefined): AsyncGenerator<T> {
  if (ended(current)) {
    yield current;
    return;
  }
  for await (const value of listen(subscribe, signal, [current])) {
    yield value;
    if (ended(value)) break;
  }
}
