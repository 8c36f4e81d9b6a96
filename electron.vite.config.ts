/**
 * Build of the desktop app (`npm run build`, `npm start`, `npm run package`):
 * - main: the Electron shell (out/main/index.js) and, as their own entries, the inference worker that
 *   utilityProcess.fork starts (out/main/inference-worker.js) and the embedded feed server (out/main/feed-server.js). Native modules stay external and load from node_modules (unpacked from
 *   the asar, see electron-builder.yml).
 * - preload: self-contained CommonJS files (out/preload/index.cjs for the studio window, feed-view.cjs for the feed
 *   view): a sandboxed preload cannot load modules, and in this "type": "module" package a .js file would be read as
 *   ESM.
 * - renderer: the React studio from src-renderer (out/renderer), served by the app protocol.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = path.dirname(fileURLToPath(import.meta.url));
const from = (...segments: string[]) => path.resolve(root, ...segments);

/** Native addons (and packages that load them) must not be bundled. */
const nativeModules = ['onnxruntime-node', 'tokenizers', 'better-sqlite3', 'argon2'];

export default defineConfig({
  main: {
    build: {
      outDir: from('out/main'),
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: from('src-main/index.ts'),
          'inference-worker': from('src-main/engine/inference/worker/entry.ts'),
          // The embedded feed server, run by Electron's binary as Node (src-main/shell/feedServerLaunch.ts).
          'feed-server': from('feed-server/src/main.ts'),
        },
        external: nativeModules.flatMap((name) => [name, new RegExp(`^${name}/`)]),
      },
    },
  },
  preload: {
    build: {
      outDir: from('out/preload'),
      // Bundle everything except 'electron' itself (which the sandbox provides). Two entries: the studio window's
      // preload and the feed view's. They share no module (the feed view's is self-contained), so no shared chunk is
      // emitted — a sandboxed preload could not load one.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: from('src-preload/index.ts'), 'feed-view': from('src-preload/feedView.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: from('src-renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: from('out/renderer'),
      target: 'es2023',
      rolldownOptions: {
        input: { index: from('src-renderer/index.html') },
      },
    },
  },
});
