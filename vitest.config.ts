import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    // Property tests (hundreds of generated rulesets) and CLI tests (spawning the bundle) take 1–2 s on a quiet
    // machine; the suite must also pass beside two CPU-burning processes, so no test runs near its limit there.
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // One module graph per worker, not one per test file: 209 files each loading the engine afresh spent 64 s of a
    // 187 s run importing (46 s without). Every test builds its own state; the suite passes in shuffled orders too
    // (`npx vitest run --sequence.shuffle --sequence.seed=N`), which is how to check a new global that leaks.
    isolate: false,
  },
});
