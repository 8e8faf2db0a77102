// Where a profile keeps its files. One profile = one user's data directory
// (app.getPath('userData') in Electron, --profile DIR elsewhere).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { recoverInterruptedSwap } from './store-swap.ts';

export interface ProfilePaths {
  readonly dir: string;
  readonly database: string;
  /** Content-addressed media: media/<first two hex>/<sha256>. */
  readonly media: string;
  /** Files received by the browser host, removed after import. */
  readonly uploads: string;
  /** Scratch space on the same volume, so renames into place are atomic. */
  readonly tmp: string;
}

export function profilePaths(dir: string): ProfilePaths {
  const root = path.resolve(dir);
  return {
    dir: root,
    database: path.join(root, 'companion.db'),
    media: path.join(root, 'media'),
    uploads: path.join(root, 'uploads'),
    tmp: path.join(root, 'tmp'),
  };
}

/** Creates the profile's folders and finishes or undoes a restore that a crash interrupted. */
export function ensureProfile(dir: string): ProfilePaths {
  const paths = profilePaths(dir);
  for (const folder of [paths.dir, paths.media, paths.uploads, paths.tmp]) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
  }
  recoverInterruptedSwap(paths);
  return paths;
}
