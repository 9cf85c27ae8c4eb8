import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// The layers, each allowed to import only the one below it: ui → store (and i18n) → worker client → the engine's
// entry (src/engine/index.ts) → nothing of the app. src/eslintLayers.test.ts lints a file breaking each rule.
const DEEP_ENGINE = {
  group: ['**/engine/*/**'],
  message: 'Import the engine through src/engine/index.ts only.',
};
const ENGINE_VALUES = {
  group: ['**/engine/index.ts'],
  allowTypeImports: true,
  message: 'The UI reaches the engine through the store; it may import engine types only.',
};
const WORKER = { group: ['**/worker/**'], message: 'The UI reaches the worker through the store.' };
const UI = { group: ['**/ui/**'], message: 'Only the UI imports the UI.' };
const STORE = { group: ['**/store/**'], message: 'Only the UI imports the store.' };
const CLI = { group: ['**/cli/**'], message: 'Nothing imports the command-line tool.' };
const layer = (files, patterns, ignores = []) => ({
  files,
  ignores: ['**/*.test.ts', '**/*.test.tsx', '**/fixtures/**', ...ignores],
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['dist', 'dist-cli', 'node_modules', 'playwright-report', 'test-results', '**/*.tmp.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The nflab launcher runs as plain CommonJS (see src/cli/nflab.cjs).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/store/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  // The composition root (it makes the worker client and binds the store to it) is the one UI file that may.
  layer(['src/ui/**/*.{ts,tsx}'], [DEEP_ENGINE, ENGINE_VALUES, WORKER, CLI], ['src/ui/app/labStore.ts']),
  layer(['src/store/**/*.ts'], [DEEP_ENGINE, UI, CLI]),
  layer(['src/worker/**/*.ts'], [DEEP_ENGINE, UI, STORE, CLI]),
  layer(
    ['src/cli/**/*.ts', 'src/scenarios/**/*.ts', 'src/share/**/*.ts', 'src/i18n/**/*.ts'],
    [DEEP_ENGINE, UI, STORE],
  ),
  {
    // The engine is the pure netfilter model: no UI, store or worker code may leak into it, and it is
    // deterministic: time and random seeds are inputs, never read from the machine.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-*', '@xyflow/*', 'zustand', 'zustand/*', 'comlink', 'i18next'],
              message: 'The engine stays framework-free.',
            },
            {
              group: ['**/ui/**', '**/store/**', '**/worker/**', '**/cli/**'],
              message: 'The engine imports nothing outside src/engine.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'self',
        'navigator',
        ...['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'performance', 'requestAnimationFrame'].map(
          (name) => ({ name, message: 'The engine has no timers or clocks: time is an input.' }),
        ),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The engine reads no clock: time is an input.' },
        { object: 'Math', property: 'random', message: 'The engine draws from a seeded PRNG: the seed is an input.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0], CallExpression[callee.name='Date']",
          message: 'The engine reads no clock: time is an input.',
        },
      ],
    },
  },
);
