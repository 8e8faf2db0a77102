import { defineConfig } from 'vitest/config';
import { TEST_NODE_FLAGS } from './tests/helpers/node-flags.ts';

export default defineConfig({
  test: {
    env: { COMPANION_LOG: 'silent' },
    execArgv: [...TEST_NODE_FLAGS],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          // Installers: electron-builder config, icons, a packed Linux build, the security scan.
          name: 'packaging',
          include: ['tests/packaging/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
