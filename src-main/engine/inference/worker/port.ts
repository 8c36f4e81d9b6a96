/**
 * The worker's side of its message channel. Under Electron's utilityProcess the parent is `process.parentPort`;
 * under Node's child_process.fork it is `process.send` / `process.on('message')`.
 */
export interface ParentPort {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

export function parentPort(): ParentPort {
  const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      post: (m) => electronPort.postMessage(m),
      onMessage: (l) => electronPort.on('message', (e) => l(e.data)),
    };
  }
  if (!process.send) throw new Error('the inference worker must be started by the engine (no parent channel)');
  return {
    post: (m) => process.send!(m),
    onMessage: (l) => process.on('message', l),
  };
}
