import { fork } from 'node:child_process';
import type { WorkerSpawner } from '../host.js';

/**
 * Plain-Node worker processes (CLI, web mode, tests): child_process.fork with structured-clone messages so typed
 * arrays cross intact. A `.ts` entry runs through tsx. The worker's own output (ONNX Runtime's provider probing is
 * chatty) is kept out of the user's terminal unless SCENECAST_DEBUG is set.
 */
export const nodeWorkerSpawner: WorkerSpawner = (entryPath, options) => {
  const debug = Boolean(process.env.SCENECAST_DEBUG);
  const child = fork(entryPath, [], {
    env: { ...process.env, ...options.env },
    execArgv: entryPath.endsWith('.ts') ? ['--import', 'tsx'] : [],
    serialization: 'advanced',
    stdio: debug ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  return {
    pid: child.pid,
    postMessage: (m) => {
      if (child.connected) child.send(m as never);
    },
    onMessage: (l) => child.on('message', l),
    onExit: (l) => child.once('exit', (code, signal) => l(code, signal)),
    kill: () => {
      child.kill('SIGKILL');
    },
  };
};
