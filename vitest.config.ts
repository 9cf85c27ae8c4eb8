import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    // Property tests (hundreds of generated rulesets) and CLI tests (spawning the bundle) take 1–2 s on a quiet
    // machine; the suite must also pass beside two CPU-burning processes, so no test runs near its limit there.
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
