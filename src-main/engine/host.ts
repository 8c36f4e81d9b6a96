/**
 * What the engine needs from whoever hosts it. The engine never imports `electron`: the Electron shell, web mode and
 * the CLI each provide these small capabilities in their own way.
 */
import type { SettingsStore } from './settings/store.js';

/** A message channel to a child process running the inference worker. */
export interface WorkerChannel {
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process ends, for any reason. `code` is null when it was killed by a signal. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
  readonly pid: number | undefined;
}

/** Starts the worker script at `entryPath` (Electron: utilityProcess.fork; plain Node: child_process.fork). */
export type WorkerSpawner = (entryPath: string, options: { env: Record<string, string>; name: string }) => WorkerChannel;

export interface EngineHost {
  /** Per-user data folder: settings, default projects folder, caches. */
  readonly dataDir: string;
  /** Folder of bundled model packs (`models/` in a checkout, resources in a packaged app). */
  readonly modelsDir: string;
  /** App resources (watermark art); absent: the checkout's resources/ folder. */
  readonly resourcesDir?: string;
  /** Absolute path of the inference worker's entry script. */
  readonly workerEntry: string;
  readonly spawnWorker: WorkerSpawner;
  /** How the renderer reaches a local file by URL (custom protocol in Electron, HTTP in web mode). */
  mediaUrl(absolutePath: string): string;
  readonly settings: SettingsStore;
  /**
   * Starts the embedded community feed server in its own process. Electron must pass one that runs a Node 22 binary
   * (the feed's native modules are built for Node, not Electron); absent, it is forked with this process's Node.
   */
  readonly startFeedServer?: (dataDir: string) => Promise<{ url: string; close(): Promise<void> }>;
  /**
   * The 32-byte key that seals cameo media at rest. The Electron shell supplies one it keeps with safeStorage; absent,
   * the engine keeps it in `<data dir>/cameos/key` (mode 0600), as web mode and the CLI do.
   */
  readonly cameoKey?: () => Promise<Buffer>;
}
