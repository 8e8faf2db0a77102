// What an interrupted restore had done, so running it again continues instead of starting over.
// Lives in the profile's restore/ folder with the staging database.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ProfilePaths } from '../../store/profile.ts';

const RestoreState = z.strictObject({
  repositoryId: z.string(),
  snapshotId: z.string(),
  /** database: staging in progress; swap: staged and checked, not yet in place; media: store in place. */
  phase: z.enum(['database', 'swap', 'media']),
  databaseChunks: z.int().nonnegative(),
  databaseBytes: z.int().nonnegative(),
});
export type RestoreState = z.infer<typeof RestoreState>;

export function restoreFolder(paths: Pick<ProfilePaths, 'dir'>): string {
  const folder = path.join(paths.dir, 'restore');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  return folder;
}

export function stagingDatabase(paths: Pick<ProfilePaths, 'dir'>): string {
  return path.join(restoreFolder(paths), 'staging.db');
}

function stateFile(paths: Pick<ProfilePaths, 'dir'>): string {
  return path.join(restoreFolder(paths), 'state.json');
}

export function readRestoreState(paths: Pick<ProfilePaths, 'dir'>): RestoreState | null {
  try {
    return RestoreState.parse(JSON.parse(readFileSync(stateFile(paths), 'utf8')));
  } catch {
    return null;
  }
}

export function writeRestoreState(paths: Pick<ProfilePaths, 'dir'>, state: RestoreState): void {
  const file = stateFile(paths);
  writeFileSync(`${file}.tmp`, JSON.stringify(state), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function clearRestore(paths: Pick<ProfilePaths, 'dir'>): void {
  rmSync(restoreFolder(paths), { recursive: true, force: true });
}
