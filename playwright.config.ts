import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium (apt-get install chromium); Playwright never downloads a browser here.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const runningAsRoot = process.getuid?.() === 0;
// E2E_PORT lets two runs share a machine.
const PORT = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  // A run on its own port also keeps its own artifacts, so two runs on one machine do not clean each other's.
  outputDir: process.env.E2E_PORT ? `test-results/port-${process.env.E2E_PORT}` : 'test-results',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // The suite must pass with two CPU-burning processes beside it (npm run test:busy): on two cores that stretches a
  // story about threefold, so the limits are set for that, and no test may use half of them on a quiet machine.
  timeout: 60_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    // Recording a trace snapshots the DOM at every action, for every test, failed or not: CI keeps no artifacts
    // to open, so it records none (locally a failed test keeps its trace).
    trace: process.env.CI ? 'off' : 'retain-on-failure',
    viewport: { width: 1280, height: 720 },
    // The specs read English text; a machine whose locale is Chinese or Japanese would otherwise open the lab in it.
    locale: 'en-US',
    launchOptions: {
      executablePath,
      args: [
        ...(runningAsRoot ? ['--no-sandbox'] : []),
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 720 } } }],
  webServer: {
    // A production build, served as a static site would be: what the tests see is what users get.
    command: `npx vite build && npx vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}`,
    // The project root, also when a config in a subfolder (bench/) extends this one.
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
