/**
 * Serves a tRPC v11 router to IPC clients (renderer windows). Transport-agnostic and Electron-free: the Electron glue
 * (electronTransport.ts) feeds it messages and gives it a way to reply; tests drive it the same way.
 *
 * Why our own and not `trpc-electron`: see README.md in this folder.
 */
import {
  TRPCError,
  callTRPCProcedure,
  getErrorShape,
  getTRPCErrorFromUnknown,
  isTrackedEnvelope,
  transformTRPCResponse,
} from '@trpc/server';
import type { AnyTRPCRouter, TRPCProcedureType, inferRouterContext } from '@trpc/server';
import { isObservable, observableToAsyncIterable } from '@trpc/server/observable';
import type { TRPCResultMessage } from '@trpc/server/rpc';
import { z } from 'zod';
import type { IpcClientMessage, IpcServerMessage } from './protocol.js';

/** Parsed on arrival: a renderer is an untrusted edge. Each procedure's own zod schema then validates `input`. */
export const ipcClientMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('request'),
    id: z.number().int().nonnegative(),
    type: z.enum(['query', 'mutation', 'subscription']),
    path: z.string().min(1).max(200),
    input: z.unknown(),
  }),
  z.object({ kind: z.literal('subscription.stop'), id: z.number().int().nonnegative() }),
]);

/** One connected renderer, as the handler sees it. */
export interface IpcClientConnection {
  /** Stable for the life of the window; becomes the engine context's `clientId`. */
  readonly clientId: string;
  /** Delivers a message; may throw when the message cannot be cloned (the handler then answers with an error). */
  send(message: IpcServerMessage): void;
  /** True once the window is gone: replies are dropped, running subscriptions end. */
  isClosed(): boolean;
}

export interface IpcErrorInfo {
  clientId: string;
  path: string | undefined;
  type: TRPCProcedureType | 'unknown';
  error: TRPCError;
}

export interface IpcRouterHandlerOptions<TRouter extends AnyTRPCRouter> {
  router: TRouter;
  createContext: (opts: { clientId: string }) => inferRouterContext<TRouter> | Promise<inferRouterContext<TRouter>>;
  /** Called for every error sent to a client and for malformed messages (for the main log). */
  onError?: (info: IpcErrorInfo) => void;
}

type Maybe<T> = T | undefined;

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

export class IpcRouterHandler<TRouter extends AnyTRPCRouter> {
  readonly #options: IpcRouterHandlerOptions<TRouter>;
  /** clientId → subscription id → the controller that ends it. */
  readonly #subscriptions = new Map<string, Map<number, AbortController>>();

  constructor(options: IpcRouterHandlerOptions<TRouter>) {
    this.#options = options;
  }

  /** Handles one raw message from a client. Never throws: every failure becomes a tRPC error reply or a log entry. */
  receive(client: IpcClientConnection, raw: unknown): void {
    const parsed = ipcClientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      // Without a valid id there is nobody to answer; a well-behaved link never sends this.
      this.#options.onError?.({
        clientId: client.clientId,
        path: undefined,
        type: 'unknown',
        error: new TRPCError({ code: 'PARSE_ERROR', message: `malformed IPC message: ${z.prettifyError(parsed.error)}` }),
      });
      return;
    }
    const message: IpcClientMessage = parsed.data;
    if (message.kind === 'subscription.stop') {
      this.#subscriptionsOf(client.clientId).get(message.id)?.abort();
      return;
    }
    void this.#handleRequest(client, message);
  }

  /** Ends every running subscription of a client (window closed, navigated or reloaded). Returns how many ended. */
  stopSubscriptions(clientId: string): number {
    const subscriptions = this.#subscriptions.get(clientId);
    if (!subscriptions) return 0;
    this.#subscriptions.delete(clientId);
    for (const controller of subscriptions.values()) controller.abort();
    return subscriptions.size;
  }

  /** Number of running subscriptions, per client or overall (for tests and diagnostics). */
  activeSubscriptionCount(clientId?: string): number {
    if (clientId !== undefined) return this.#subscriptions.get(clientId)?.size ?? 0;
    let total = 0;
    for (const subscriptions of this.#subscriptions.values()) total += subscriptions.size;
    return total;
  }

  dispose(): void {
    for (const clientId of [...this.#subscriptions.keys()]) this.stopSubscriptions(clientId);
  }

  #subscriptionsOf(clientId: string): Map<number, AbortController> {
    let subscriptions = this.#subscriptions.get(clientId);
    if (!subscriptions) {
      subscriptions = new Map();
      this.#subscriptions.set(clientId, subscriptions);
    }
    return subscriptions;
  }

  #forget(clientId: string, id: number, controller: AbortController): void {
    const subscriptions = this.#subscriptions.get(clientId);
    if (subscriptions?.get(id) !== controller) return;
    subscriptions.delete(id);
    if (subscriptions.size === 0) this.#subscriptions.delete(clientId);
  }

  async #handleRequest(
    client: IpcClientConnection,
    message: Extract<IpcClientMessage, { kind: 'request' }>,
  ): Promise<void> {
    const { id, type, path } = message;
    const { router } = this.#options;
    const controller = new AbortController();
    let input: unknown;
    let ctx: Maybe<inferRouterContext<TRouter>>;

    if (type === 'subscription') {
      const subscriptions = this.#subscriptionsOf(client.clientId);
      if (subscriptions.has(id)) {
        this.#sendError(client, { id, type, path, input, ctx }, new TRPCError({
          code: 'BAD_REQUEST',
          message: `subscription id ${id} is already running for this window`,
        }));
        return;
      }
      // Registered before the procedure resolves, so a stop or a window close during resolution still ends it.
      subscriptions.set(id, controller);
    }

    try {
      input = message.input === undefined ? undefined : router._def._config.transformer.input.deserialize(message.input);
      ctx = await this.#options.createContext({ clientId: client.clientId });
      const result: unknown = await callTRPCProcedure({
        router,
        path,
        type,
        ctx,
        getRawInput: async () => input,
        signal: controller.signal,
        batchIndex: 0,
      });

      if (type !== 'subscription') {
        this.#send(client, { id, result: { type: 'data', data: result } }, { type, path, input, ctx });
        return;
      }
      if (!isObservable(result) && !isAsyncIterable(result)) {
        throw new TRPCError({
          code: 'INTERNAL_SERVER_ERROR',
          message: `subscription '${path}' returned neither an async generator nor an observable`,
        });
      }
      const iterable = isObservable(result) ? observableToAsyncIterable(result, controller.signal) : result;
      if (controller.signal.aborted || client.isClosed()) {
        // Stopped while the procedure was starting: close the generator so its `finally` runs.
        this.#forget(client.clientId, id, controller);
        await iterable[Symbol.asyncIterator]().return?.();
        return;
      }
      this.#send(client, { id, result: { type: 'started' } }, { type, path, input, ctx });
      void this.#pump(client, controller, iterable, { id, type, path, input, ctx });
    } catch (cause) {
      if (type === 'subscription') this.#forget(client.clientId, id, controller);
      this.#sendError(client, { id, type, path, input, ctx }, getTRPCErrorFromUnknown(cause));
    }
  }

  /** Streams a subscription's values until it ends, errors, is stopped, or its window goes away. */
  async #pump(
    client: IpcClientConnection,
    controller: AbortController,
    iterable: AsyncIterable<unknown>,
    call: { id: number; type: TRPCProcedureType; path: string; input: unknown; ctx: unknown },
  ): Promise<void> {
    const iterator = iterable[Symbol.asyncIterator]();
    // One waiter at a time (no Promise.race against a long-lived promise, which would pile up reactions per value).
    let wake: ((value: 'aborted') => void) | undefined;
    const onAbort = () => wake?.('aborted');
    controller.signal.addEventListener('abort', onAbort, { once: true });
    let failed = false;
    try {
      while (!controller.signal.aborted) {
        const next = await new Promise<IteratorResult<unknown> | 'aborted'>((resolve, reject) => {
          wake = resolve;
          iterator.next().then(resolve, reject);
        });
        wake = undefined;
        if (next === 'aborted' || next.done) break;
        if (client.isClosed()) break;
        const value = next.value;
        const result: TRPCResultMessage<unknown>['result'] = isTrackedEnvelope(value)
          ? { type: 'data', id: value[0], data: { id: value[0], data: value[1] } }
          : { type: 'data', data: value };
        if (!this.#send(client, { id: call.id, result }, call)) {
          failed = true;
          break;
        }
      }
    } catch (cause) {
      failed = true;
      this.#sendError(client, call, getTRPCErrorFromUnknown(cause));
    } finally {
      controller.signal.removeEventListener('abort', onAbort);
      this.#forget(client.clientId, call.id, controller);
      // Tell the procedure (its `signal`) and close the generator so its `finally` runs. Not awaited: a generator
      // parked inside an `await` finishes that step first, and nothing here should wait on it.
      controller.abort();
      iterator.return?.().catch((cause: unknown) => {
        this.#options.onError?.({ clientId: client.clientId, path: call.path, type: call.type, error: getTRPCErrorFromUnknown(cause) });
      });
      if (!failed && !client.isClosed()) this.#send(client, { id: call.id, result: { type: 'stopped' } }, call);
    }
  }

  /** Sends a reply; when it cannot be delivered as is (e.g. not cloneable), sends an error instead. */
  #send(
    client: IpcClientConnection,
    message: IpcServerMessage,
    call: { type: TRPCProcedureType; path: string; input: unknown; ctx: unknown },
  ): boolean {
    if (client.isClosed()) return false;
    try {
      client.send(transformTRPCResponse(this.#options.router._def._config, message) as IpcServerMessage);
      return true;
    } catch (cause) {
      this.#sendError(
        client,
        { id: message.id ?? null, ...call },
        new TRPCError({
          code: 'INTERNAL_SERVER_ERROR',
          message: `the result of '${call.path}' could not be sent to the window: ${cause instanceof Error ? cause.message : String(cause)}`,
          cause,
        }),
      );
      return false;
    }
  }

  #sendError(
    client: IpcClientConnection,
    call: { id: number | string | null; type: TRPCProcedureType; path: string; input: unknown; ctx: unknown },
    error: TRPCError,
  ): void {
    const { router, onError } = this.#options;
    onError?.({ clientId: client.clientId, path: call.path, type: call.type, error });
    if (client.isClosed()) return;
    const shape = getErrorShape({
      config: router._def._config,
      error,
      type: call.type,
      path: call.path,
      input: call.input,
      ctx: call.ctx as inferRouterContext<TRouter> | undefined,
    });
    try {
      client.send(transformTRPCResponse(router._def._config, { id: call.id, error: shape }) as IpcServerMessage);
    } catch (cause) {
      onError?.({ clientId: client.clientId, path: call.path, type: call.type, error: getTRPCErrorFromUnknown(cause) });
    }
  }
}
