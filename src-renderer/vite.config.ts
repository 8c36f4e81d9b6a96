import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The studio page for web mode (`npm run web` builds it into out/web); the Electron build reuses the same root. */
export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: path.resolve(here, '../out/web'),
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2023',
  },
});
