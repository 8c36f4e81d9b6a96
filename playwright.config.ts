import { defineConfig } from '@playwright/test';

const port = Number(process.env.SCENECAST_E2E_PORT ?? 47821);

/**
 * End-to-end specs drive web mode in Debian's Chromium (Playwright cannot download browsers here). The server is the
 * real engine with a throwaway data folder; see e2e/support/serve.ts.
 */
export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
    viewport: { width: 1280, height: 800 },
  },
  webServer: {
    command: `node --import tsx e2e/support/serve.ts --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
