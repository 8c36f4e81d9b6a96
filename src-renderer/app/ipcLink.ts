/**
 * tRPC link for the desktop app: sends operations over the preload's bridge (`window.scenecastIpc`) to the main
 * process. Its counterpart is src-main/ipc/handler.ts; the wire format is src-main/ipc/protocol.ts (types only).
 *
 * Only plain data crosses the bridge: the operation's `signal` and `context` stay here (an AbortSignal cannot be
 * cloned over IPC). Unsubscribing from a subscription tells the main process to stop it.
 */
import { TRPCClientError } from '@trpc/client';
import type { TRPCLink } from '@trpc/client';
import { getTransformer } from '@trpc/client/unstable-internals';
import type { TransformerOptions } from '@trpc/client/unstable-internals';
import type { AnyTRPCRouter, inferTRPCClientTypes } from '@trpc/server';
import { observable } from '@trpc/server/observable';
import type { IpcBridge, IpcServerMessage } from '../../src-main/ipc/protocol';
import { IPC_BRIDGE_GLOBAL } from '../../src-main/ipc/protocol';

export type IpcLinkOptions<TRouter extends AnyTRPCRouter> = TransformerOptions<inferTRPCClientTypes<TRouter>> & {
  /** Defaults to the bridge the preload exposed. */
  bridge?: IpcBridge;
};

/** Replies are routed by wire id; one router per bridge, so several tRPC clients in one page can share it. */
interface BridgeRouter {
  nextId: number;
  listeners: Map<number, (message: IpcServerMessage) => void>;
}
const routers = new WeakMap<IpcBridge, BridgeRouter>();

function routerFor(bridge: IpcBridge): BridgeRouter {
  let router = routers.get(bridge);
  if (!router) {
    const created: BridgeRouter = { nextId: 1, listeners: new Map() };
    bridge.onMessage((message) => {
      if (typeof message.id === 'number') created.listeners.get(message.id)?.(message);
    });
    routers.set(bridge, created);
    router = created;
  }
  return router;
}

function preloadBridge(): IpcBridge {
  const bridge = (globalThis as Record<string, unknown>)[IPC_BRIDGE_GLOBAL] as IpcBridge | undefined;
  if (!bridge) {
    throw new Error(
      `window.${IPC_BRIDGE_GLOBAL} is missing: this page is not running inside the Scenecast desktop app (use the web link in a browser).`,
    );
  }
  return bridge;
}

export function ipcLink<TRouter extends AnyTRPCRouter>(options?: IpcLinkOptions<TRouter>): TRPCLink<TRouter> {
  return () => {
    const bridge = options?.bridge ?? preloadBridge();
    const wire = routerFor(bridge);
    const transformer = getTransformer(options?.transformer);

    return ({ op }) =>
      observable((observer) => {
        const id = wire.nextId++;
        let finished = false;
        const finish = () => {
          finished = true;
          wire.listeners.delete(id);
        };

        wire.listeners.set(id, (message) => {
          if ('error' in message) {
            finish();
            observer.error(TRPCClientError.from({ ...message, error: transformer.output.deserialize(message.error) }));
            return;
          }
          const { result } = message;
          if (result.type === 'started') {
            observer.next({ result: { type: 'started' } });
            return;
          }
          if (result.type === 'stopped') {
            finish();
            observer.next({ result: { type: 'stopped' } });
            observer.complete();
            return;
          }
          observer.next({
            result: {
              type: 'data',
              ...(result.id !== undefined ? { id: result.id } : {}),
              data: transformer.output.deserialize(result.data),
            },
          });
          if (op.type !== 'subscription') {
            finish();
            observer.complete();
          }
        });

        try {
          bridge.send({
            kind: 'request',
            id,
            type: op.type,
            path: op.path,
            input: transformer.input.serialize(op.input),
          });
        } catch (cause) {
          finish();
          observer.error(TRPCClientError.from(cause instanceof Error ? cause : new Error(String(cause))));
        }

        return () => {
          if (finished) return;
          finish();
          if (op.type === 'subscription') bridge.send({ kind: 'subscription.stop', id });
        };
      });
  };
}
