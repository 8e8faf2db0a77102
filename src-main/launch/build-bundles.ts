// Runs electron-vite's build (out/main, out/preload, out/renderer) for `npm start` and `npm run dist`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** True when the build succeeded; electron-vite prints its own errors. */
export function buildBundles(root: string): boolean {
  const cli = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}
