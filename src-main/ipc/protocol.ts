/**
 * The wire format between the renderer's tRPC link and the main-process handler, carried over one Electron IPC
 * channel. Pure (no Node, no DOM, no Electron, no zod) so the preload bundle stays tiny and the preload, the renderer
 * link and the main handler share one definition.
 *
 * renderer → main: `IpcClientMessage` (validated with zod on arrival, see handler.ts);
 * main → renderer: tRPC's own `TRPCResponseMessage` (started / data / stopped / error), after the router's output
 * transformer.
 */
import type { TRPCResponseMessage } from '@trpc/server/rpc';

/** The one IPC channel the bridge uses, in both directions. */
export const IPC_CHANNEL = 'scenecast:trpc';

/** The global name the preload exposes the bridge under (`window.scenecastIpc`). */
export const IPC_BRIDGE_GLOBAL = 'scenecastIpc';

export type IpcProcedureType = 'query' | 'mutation' | 'subscription';

export type IpcClientMessage =
  | { kind: 'request'; id: number; type: IpcProcedureType; path: string; input: unknown }
  | { kind: 'subscription.stop'; id: number };

export type IpcServerMessage = TRPCResponseMessage;

/**
 * What the preload exposes to the page: send a message, listen for replies. Nothing else crosses the bridge.
 * `onMessage` returns a function that removes the listener.
 */
export interface IpcBridge {
  send(message: IpcClientMessage): void;
  onMessage(listener: (message: IpcServerMessage) => void): () => void;
}
