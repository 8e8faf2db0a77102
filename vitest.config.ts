import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    env: { COMPANION_LOG: 'silent' },
    // Test workers load the .ts sources through Node's type stripping, which is WebAssembly (the
    // shipped app loads bundled JS and runs none). V8's wasm code GC crashed a fork twice in CI
    // (SIGSEGV in NativeModule::FreeCode, reached from a wrapper tier-up on a worker thread).
    execArgv: ['--no-wasm-code-gc'],
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
