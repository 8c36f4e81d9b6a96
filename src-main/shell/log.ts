/**
 * The main process's log: a line per event in `<userData>/logs/main.log`, echoed to the terminal. Users can attach
 * the file to a bug report; it never receives stack traces meant for a dialog.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export interface ShellLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createShellLog(logDir: string | undefined): ShellLog {
  let file: string | undefined;
  if (logDir) {
    try {
      mkdirSync(logDir, { recursive: true });
      file = path.join(logDir, 'main.log');
    } catch {
      file = undefined; // An unwritable log folder must not stop the app; the terminal still gets every line.
    }
  }
  const write = (level: 'info' | 'warn' | 'error', message: string) => {
    const line = `${new Date().toISOString()} ${level.toUpperCase()} ${message}`;
    (level === 'info' ? console.log : level === 'warn' ? console.warn : console.error)(`[scenecast] ${message}`);
    if (!file) return;
    try {
      appendFileSync(file, `${line}\n`);
    } catch {
      file = undefined;
    }
  };
  return {
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error: (message) => write('error', message),
  };
}
