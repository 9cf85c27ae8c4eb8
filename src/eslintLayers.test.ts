// Each layer rule of eslint.config.js, proved by linting a file that breaks it (and one that keeps it): ui → store
// (and i18n); store → the worker client; worker → the engine's entry; the engine → nothing of the app, no clock,
// no timers, no unseeded randomness.
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

let eslint: ESLint;
// Loading the config and its plugins takes seconds on a busy machine: once, before the cases.
beforeAll(async () => {
  eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });
  await eslint.lintText('export {};\n', { filePath: 'src/engine/warm.ts' });
}, 120_000);

async function messagesOf(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

const cases: [string, string, string, RegExp][] = [
  [
    'the engine imports React',
    'src/engine/x.ts',
    "import { useState } from 'react';\nexport { useState };",
    /framework-free/,
  ],
  [
    'the engine imports the store',
    'src/engine/x.ts',
    "import { x } from '../store/index.ts';\nexport { x };",
    /nothing outside/,
  ],
  ['the engine reads the clock', 'src/engine/x.ts', 'export const t = Date.now();', /reads no clock/],
  ['the engine makes a Date of now', 'src/engine/x.ts', 'export const t = new Date();', /reads no clock/],
  ['the engine draws Math.random', 'src/engine/x.ts', 'export const r = Math.random();', /seeded PRNG/],
  ['the engine sets a timer', 'src/engine/x.ts', 'setTimeout(() => {}, 1);', /no timers/],
  [
    'the UI imports engine code',
    'src/ui/x.ts',
    "import { runTrace } from '../engine/index.ts';\nexport { runTrace };",
    /types only/,
  ],
  [
    'the UI imports an engine type from a deep module',
    'src/ui/x.ts',
    "import type { Fate } from '../engine/trace/types.ts';\nexport type F = Fate;",
    /index\.ts only/,
  ],
  [
    'the UI imports the worker',
    'src/ui/x.ts',
    "import { EngineClient } from '../worker/client.ts';\nexport { EngineClient };",
    /through the store/,
  ],
  [
    'the store imports the UI',
    'src/store/x.ts',
    "import { App } from '../ui/app/App.tsx';\nexport { App };",
    /Only the UI imports the UI/,
  ],
  [
    'the store imports a deep engine module',
    'src/store/x.ts',
    "import { runTrace } from '../engine/trace/index.ts';\nexport { runTrace };",
    /index\.ts only/,
  ],
  [
    'the worker imports the store',
    'src/worker/x.ts',
    "import { getLabStore } from '../store/index.ts';\nexport { getLabStore };",
    /Only the UI imports the store/,
  ],
  [
    'the CLI imports a deep engine module',
    'src/cli/x.ts',
    "import { generateKubeProxyDump } from '../engine/gen/kubeProxy.ts';\nexport { generateKubeProxyDump };",
    /index\.ts only/,
  ],
];

describe('layer rules', () => {
  it.each(cases)('refuses: %s', async (_what, file, code, message) => {
    const messages = await messagesOf(file, code);
    expect(messages.some((m) => message.test(m))).toBe(true);
  });

  it.each([
    [
      'the UI imports engine types from the entry',
      'src/ui/x.ts',
      "import type { Fate } from '../engine/index.ts';\nexport type F = Fate;",
    ],
    [
      'the store imports the worker client',
      'src/store/x.ts',
      "import { EngineClient } from '../worker/client.ts';\nexport { EngineClient };",
    ],
    [
      'the worker imports the engine entry',
      'src/worker/x.ts',
      "import { createSession } from '../engine/index.ts';\nexport { createSession };",
    ],
    ['the engine makes a Date of a given time', 'src/engine/x.ts', 'export const d = new Date(0);'],
  ])('allows: %s', async (_what, file, code) => {
    expect(await messagesOf(file, code)).toEqual([]);
  });
});
