// Lint rules that make the process boundaries real (see docs/architecture.md):
//   src-shared   pure: no Node, no DOM-only APIs, no Electron, no other src-* folder
//   src-main     Node; only src-main/app may import electron
//   src-preload  electron's renderer side + src-shared only
//   src-renderer DOM only: no Node builtins, no native modules, no electron, only src-shared
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nativeModules = ['electron', 'better-sqlite3', 'sodium-native', 'ws', 'yauzl'];
const nodeOnly = {
  patterns: [{ group: ['node:*'], message: 'Node modules are not available in this process.' }],
  paths: [
    ...nativeModules.map((name) => ({ name, message: 'Reach the main process through the typed contract instead.' })),
    ...['fs', 'path', 'child_process', 'os', 'crypto', 'stream', 'worker_threads', 'http', 'net'].map((name) => ({
      name,
      message: 'Node modules are not available in this process.',
    })),
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '.profiles/', 'resources/', '.bench-build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.web.json', './tsconfig.preload.json', './tsconfig.e2e.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src-shared',
              from: ['./src-main', './src-preload', './src-renderer'],
              message: 'src-shared is imported by every process and imports none.',
            },
            {
              target: './src-renderer',
              from: ['./src-main', './src-preload'],
              message: 'The renderer talks to main only through the contract.',
            },
            {
              target: './src-preload',
              from: ['./src-main', './src-renderer'],
              message: 'The preload exposes the contract and nothing else.',
            },
            { target: './src-main', from: ['./src-renderer', './src-preload'], message: 'Main does not import renderer or preload code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts', 'tests/**/*.ts', '*.config.ts', '*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/app/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src-main/app (the Electron shell) may import electron.' }] },
      ],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', nodeOnly],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', nodeOnly],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['src-preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*'], message: 'The sandboxed preload has no Node.' }] }],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
