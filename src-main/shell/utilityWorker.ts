/**
 * The desktop app's `WorkerSpawner`: the inference worker runs in an Electron utilityProcess (a Node process Electron
 * manages; a crash or OOM there ends that process only). The worker reads `process.parentPort` (see
 * engine/inference/worker/port.ts).
 */
import type { WorkerChannel, WorkerSpawner } from '../engine/host.js';
import type { ShellLog } from './log.js';

/** The part of Electron's `UtilityProcess` the channel uses. */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'error', listener: (type: string, location: string, report: string) => void): unknown;
}

export type UtilityFork = (
  modulePath: string,
  args: string[],
  options: { env: Record<string, string | undefined>; serviceName: string; stdio: 'pipe' },
) => UtilityProcessLike;

/** Adapts a utilityProcess to the engine's `WorkerChannel`: exit reported once, messages after exit dropped. */
export function utilityProcessChannel(child: UtilityProcessLike, name: string, log: ShellLog): WorkerChannel {
  let exit: { code: number | null } | undefined;
  const exitListeners: Array<(code: number | null, signal: string | null) => void> = [];
  const forward = (stream: NodeJS.ReadableStream | null, write: (line: string) => void) => {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string | Buffer) => {
      // setEncoding above makes every chunk a string.
      for (const line of String(chunk).split('\n')) if (line.trim()) write(`[${name}] ${line}`);
    });
  };
  forward(child.stdout, log.info);
  forward(child.stderr, log.warn);
  child.on('error', (type, location) => log.error(`[${name}] ${type} at ${location}`));
  child.on('exit', (code) => {
    if (exit) return;
    exit = { code };
    // utilityProcess reports no signal; a kill shows as a non-zero code.
    for (const listener of exitListeners.splice(0)) listener(code, null);
  });
  return {
    get pid() {
      return exit ? undefined : child.pid;
    },
    postMessage(message) {
      if (!exit) child.postMessage(message);
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onExit(listener) {
      if (exit) {
        const { code } = exit;
        queueMicrotask(() => listener(code, null));
      } else {
        exitListeners.push(listener);
      }
    },
    kill() {
      if (!exit) child.kill();
    },
  };
}

export function createUtilityProcessSpawner(fork: UtilityFork, log: ShellLog): WorkerSpawner {
  return (entryPath, options) => {
    const child = fork(entryPath, [], { env: { ...process.env, ...options.env }, serviceName: options.name, stdio: 'pipe' });
    log.info(`started ${options.name} (pid ${child.pid ?? 'pending'}) from ${entryPath}`);
    return utilityProcessChannel(child, options.name, log);
  };
}
