import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ShellLog } from './log';
import { createUtilityProcessSpawner, utilityProcessChannel } from './utilityWorker';
import type { UtilityProcessLike } from './utilityWorker';

/** A stand-in for Electron's UtilityProcess (the Electron binary can't run here). */
class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = 4242;
  stdout = new PassThrough();
  stderr = new PassThrough();
  posted: unknown[] = [];
  killed = 0;
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  kill() {
    this.killed += 1;
    return true;
  }
}

function recordingLog() {
  const lines: string[] = [];
  const log: ShellLog = { info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
  return { lines, log };
}

describe('utilityProcessChannel', () => {
  it('passes messages both ways and reports the exit once, to listeners added before and after', async () => {
    const child = new FakeUtilityProcess();
    const { log } = recordingLog();
    const channel = utilityProcessChannel(child as unknown as UtilityProcessLike, 'inference-worker', log);
    const received: unknown[] = [];
    channel.onMessage((m) => received.push(m));
    const exits: Array<[number | null, string | null]> = [];
    channel.onExit((code, signal) => exits.push([code, signal]));

    channel.postMessage({ type: 'run', jobId: 'j1' });
    child.emit('message', { type: 'progress', step: 1 });
    expect(child.posted).toEqual([{ type: 'run', jobId: 'j1' }]);
    expect(received).toEqual([{ type: 'progress', step: 1 }]);
    expect(channel.pid).toBe(4242);

    child.emit('exit', 134);
    child.emit('exit', 134);
    channel.onExit((code) => exits.push([code, 'late']));
    await Promise.resolve();
    expect(exits).toEqual([
      [134, null],
      [134, 'late'],
    ]);
    expect(channel.pid).toBeUndefined();
    channel.postMessage({ type: 'cancel' });
    channel.kill();
    expect(child.posted).toHaveLength(1);
    expect(child.killed).toBe(0);
  });

  it("forwards the worker's output and fatal errors to the log, line by line", async () => {
    const child = new FakeUtilityProcess();
    const { lines, log } = recordingLog();
    utilityProcessChannel(child as unknown as UtilityProcessLike, 'inference-worker', log);
    child.stdout.write('loaded pack tiny\nEP: cpu\n');
    child.stderr.write('warning: slow disk\n');
    child.emit('error', 'FatalError', 'v8::OOM', '{}');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(4);
    expect(lines).toEqual(expect.arrayContaining([
      'error [inference-worker] FatalError at v8::OOM',
      'info [inference-worker] loaded pack tiny',
      'info [inference-worker] EP: cpu',
      'warn [inference-worker] warning: slow disk',
    ]));
    expect(lines.indexOf('info [inference-worker] loaded pack tiny')).toBeLessThan(lines.indexOf('info [inference-worker] EP: cpu'));
  });
});

describe('createUtilityProcessSpawner', () => {
  it('forks the entry with the given env on top of the environment, named for the task manager', () => {
    const calls: Array<{ path: string; options: { env: Record<string, string | undefined>; serviceName: string } }> = [];
    const { log } = recordingLog();
    const spawn = createUtilityProcessSpawner((path, _args, options) => {
      calls.push({ path, options });
      return new FakeUtilityProcess() as unknown as UtilityProcessLike;
    }, log);
    const channel = spawn('/app/out/main/inference-worker.js', { env: { SCENECAST_EP: 'cpu' }, name: 'inference-worker' });
    expect(calls[0]?.path).toBe('/app/out/main/inference-worker.js');
    expect(calls[0]?.options.serviceName).toBe('inference-worker');
    expect(calls[0]?.options.env.SCENECAST_EP).toBe('cpu');
    expect(calls[0]?.options.env.PATH).toBe(process.env.PATH);
    channel.kill();
  });
});
