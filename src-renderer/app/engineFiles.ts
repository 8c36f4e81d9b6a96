/**
 * How a file the person chose, or media the page made, reaches the engine — the one place that knows the desktop app
 * from web mode. Desktop: the preload gives a chosen file's path (`pathForFile`) and the router takes a cameo's bytes
 * over IPC (`cameos.stageMedia`). Web mode: a browser can do neither, so both go to the server's upload routes
 * (webUpload.ts).
 */
import { IPC_BRIDGE_GLOBAL } from '../../src-main/ipc/protocol';
import type { FilesBridge } from '../../src-main/ipc/protocol';
import { CAMEO_MEDIA_TYPES, cameoMediaTypeOf } from '../../src-shared/cameo/incomingMedia';
import type { EngineClient } from './trpc';
import { postWebUpload } from './webUpload';

/** The desktop preload's bridge, or undefined in web mode (the same test trpc.ts makes to pick its link). */
function desktopBridge(): FilesBridge | undefined {
  return (globalThis as Record<string, unknown>)[IPC_BRIDGE_GLOBAL] as FilesBridge | undefined;
}

/** The path `audio.import` reads a chosen sound file from: the file itself in the desktop app, an uploaded copy in web mode. */
export async function soundFileForImport(file: File): Promise<string> {
  const desktop = desktopBridge();
  if (!desktop) return (await postWebUpload('/upload', file, file.name)).path;
  const path = desktop.pathForFile(file);
  if (!path) throw new Error(`${file.name} is not a file on this computer; choose it from a folder`);
  return path;
}

/**
 * Puts a cameo's recording in the engine's incoming folder and answers the bare name
 * `cameos.create` takes. The desktop app sends the bytes with their content type (checked and capped here first, so
 * an oversized file is not copied across only to be refused); web mode streams them to `POST /upload/cameo`.
 */
export async function stageCameoMedia(client: EngineClient, media: Blob, name: string): Promise<string> {
  if (!desktopBridge()) return (await postWebUpload('/upload/cameo', media, name)).name;
  const type = cameoMediaTypeOf(media.type, name);
  if (!type) throw new Error(`${name}: a recording is a WebM, MP4, MOV or MKV video`);
  const { maxBytes } = CAMEO_MEDIA_TYPES[type];
  if (media.size > maxBytes) throw new Error(`${name} is larger than ${maxBytes / 1024 ** 2} MiB`);
  return (await client.cameos.stageMedia.mutate({ type, bytes: new Uint8Array(await media.arrayBuffer()) })).name;
}
