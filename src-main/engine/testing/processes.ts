/** Helpers for tests that check no process is left behind. */

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function processAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `test` every 20 ms until it holds or `ms` pass; returns its last answer. */
export async function waitFor(test: () => boolean, ms = 5000): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < ms; await new Promise((r) => setTimeout(r, 20))) if (test()) return true;
  return test();
}
