// The long-task benchmark reuses the e2e set-up (Debian's Chromium, the production build) with its own folder.
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config.ts';

const PORT = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.bench.ts',
  fullyParallel: false,
  workers: 1,
  timeout: 180_000,
  reporter: [['list']],
  outputDir: '../../test-results/bench-e2e',
  // Recording a Playwright trace would add main-thread work to what is measured.
  use: { ...base.use, trace: 'off' },
  // Hidden source maps (no reference in the served files) let the bench name the source of each long task.
  webServer: {
    ...base.webServer,
    command: `npx vite build --sourcemap hidden && npx vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
  },
});
