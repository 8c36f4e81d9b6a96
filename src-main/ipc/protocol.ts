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

/**
 * The desktop app's answer to a page that cannot name a file on disk: the path of a file the person chose (an
 * `<input type="file">` or a drop), for `audio.import`, which checks the path again and copies the file into the project.
 * The studio preload puts it on the same global as the IPC bridge (`window.scenecastIpc.pathForFile`); the tRPC link
 * uses only `send` and `onMessage`.
 */
export interface FilesBridge {
  /** The chosen file's path on disk; null for a file that is not on disk (built in the page). Throws for a non-File. */
  pathForFile(file: File): string | null;
}
