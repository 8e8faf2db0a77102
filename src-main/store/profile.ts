// Where a profile keeps its files. One profile = one user's data directory
// (app.getPath('userData') in Electron, --profile DIR elsewhere).
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
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

/** Scratch files older than this were left by a process that died (a backup's store copy, a restore's media). */
const STALE_SCRATCH_MS = 6 * 60 * 60 * 1000;

/**
 * Removes what killed processes left in tmp/: a backup's copy of the store is a second plaintext
 * copy of every message, and should not outlive the backup. Young files may belong to a running
 * process, so they stay.
 */
function removeStaleScratch(paths: ProfilePaths, now = Date.now()): void {
  for (const name of readdirSync(paths.tmp)) {
    const file = path.join(paths.tmp, name);
    try {
      if (now - statSync(file).mtimeMs > STALE_SCRATCH_MS) rmSync(file, { recursive: true, force: true });
    } catch {
      // Gone meanwhile, or held open (Windows): try again next start.
    }
  }
}

/** Creates the profile's folders, finishes or undoes a restore that a crash interrupted, and clears stale scratch. */
export function ensureProfile(dir: string): ProfilePaths {
  const paths = profilePaths(dir);
  for (const folder of [paths.dir, paths.media, paths.uploads, paths.tmp]) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
  }
  recoverInterruptedSwap(paths);
  removeStaleScratch(paths);
  return paths;
}
