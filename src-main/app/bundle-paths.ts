// Where the built pieces sit relative to the main bundle (out/main/index.js), in development and
// inside the packaged app.asar alike: electron-vite writes out/{main,preload,renderer}.
import path from 'node:path';

export interface BundlePaths {
  readonly preload: string;
  readonly rendererDir: string;
}

export function bundlePaths(mainDir: string): BundlePaths {
  return {
    preload: path.join(mainDir, '..', 'preload', 'preload.cjs'),
    rendererDir: path.join(mainDir, '..', 'renderer'),
  };
}
