// Layer rules: the engine never imports Electron (it runs in plain Node), and the renderer and src-shared never import
// Node built-ins (they run in a sandboxed page). Type-aware rules stay off to keep lint fast on two cores.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))].filter((m) => !m.startsWith('_'));

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', '.tools/**', 'test-results/**', 'playwright-report/**', 'models/training/**', 'feed-server/public/vendor/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src-main/engine/**/*.ts', 'src-main/web/**/*.ts', 'src-main/cli.ts', 'src-main/web.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The engine runs in plain Node (CLI, web mode, tests): take what only Electron has from EngineHost.' }],
          patterns: [{ group: ['electron/*'], message: 'The engine must not import Electron.' }],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}', 'src-shared/**/*.ts'],
    ignores: ['src-renderer/vite.config.ts', '**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer and src-shared run in a sandboxed page: no Node built-ins. Ask the engine over tRPC.' })),
            { name: 'electron', message: 'The renderer reaches the app only through the preload bridge.' },
          ],
        },
      ],
    },
  },
);
