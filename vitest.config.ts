import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'src-shared/**/*.test.ts', 'src-renderer/**/*.test.{ts,tsx}', 'feed-server/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Processed by Vite so a test's vi.mock('electron') reaches them: the Electron binary can't run here, and a
    // native import of 'electron' in plain Node tries to download it.
    server: { deps: { inline: ['electron-store', 'trpc-electron'] } },
  },
});
