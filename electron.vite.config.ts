// The desktop build: out/main (ESM main + job worker), out/preload (CommonJS preload), out/renderer.
// The renderer settings come from vite.renderer.config.ts (the browser host's build), so both hosts
// get the same CSP-safe bundle.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import rendererConfig from './vite.renderer.config.ts';

// import.meta.url, not import.meta.dirname: electron-vite bundles this file and injects only the former.
const at = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  main: {
    build: {
      // Every package.json dependency stays external and is loaded from node_modules at run time:
      // better-sqlite3 and sodium-native are native addons and cannot be bundled.
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: at('./src-main/app/main.ts'),
          // run-job.ts starts workers from new URL('./job-worker.js', import.meta.url).
          'job-worker': at('./src-main/jobs/job-worker.ts'),
          // hash-worker-client.ts starts its worker from new URL('./hash-worker.js', import.meta.url).
          'hash-worker': at('./src-main/backup/hashing/hash-worker.ts'),
        },
        output: {
          entryFileNames: '[name].js',
          // Shared chunks sit next to the entries (not in chunks/), so new URL('./job-worker.js',
          // import.meta.url) finds the worker from whichever file run-job.ts lands in.
          chunkFileNames: '[name]-[hash].js',
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron' and a few builtins: bundle everything else
      // (zod comes in through the contract).
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: at('./src-preload/preload.ts') },
        // Sandboxed preloads cannot be ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: {
      ...rendererConfig.build,
      // electron-vite leaves the renderer unminified; ship the same minified bundle as the browser host.
      minify: true,
      // electron-vite looks for src/renderer/index.html by default.
      rolldownOptions: { input: at('./src-renderer/index.html') },
    },
  },
});
