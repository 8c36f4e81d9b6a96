import { spawn, type ChildProcess } from 'node:child_process';
import { MediaProcessError } from './errors.js';

const STDERR_KEEP_BYTES = 16 * 1024;
const STDERR_TAIL_LINES = 12;

/** Keeps only the end of a process's stderr: enough to explain a failure, bounded for hour-long encodes. */
export class StderrTail {
  private text = '';

  push(chunk: Buffer | string): void {
    this.text += chunk.toString();
    if (this.text.length > STDERR_KEEP_BYTES) this.text = this.text.slice(-STDERR_KEEP_BYTES);
  }

  lines(count = STDERR_TAIL_LINES): string {
    return this.text
      .split(/\r?\n|\r/)
      .map((line) => line.trimEnd())
      .filter((line) => line.length > 0)
      .slice(-count)
      .join('\n');
  }
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Resolves when the child has exited and its stdio is closed; rejects only if it could not be started. */
export function waitForExit(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
}

export function describeExit(tool: string, exit: Exit): string {
  return exit.signal ? `${tool} was stopped by ${exit.signal}` : `${tool} exited with code ${exit.code}`;
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs a tool to completion and buffers stdout (for small outputs: ffprobe JSON, framemd5 lists).
 * A non-zero exit becomes a MediaProcessError carrying stderr's last lines.
 */
export async function runTool(
  binary: string,
  args: readonly string[],
  what: string,
  options: { timeoutMs?: number } = {},
): Promise<RunResult> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  const stdout: Buffer[] = [];
  const stderr = new StderrTail();
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
  try {
    const exit = await waitForExit(child);
    if (exit.code !== 0) throw new MediaProcessError(`${what}: ${describeExit(binary, exit)}`, stderr.lines());
    return { stdout: Buffer.concat(stdout), stderr: stderr.lines() };
  } finally {
    if (timer) clearTimeout(timer);
  }
}
