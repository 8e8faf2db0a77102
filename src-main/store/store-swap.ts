// Puts a restored, already verified database in place of the profile's store. The previous store
// is kept beside it until the new one has opened, and a journal lets start-up finish or undo a
// swap that a crash interrupted, so the store is always either the old one or the new one.
// Synchronous on purpose: a handful of renames, and start-up recovery runs before anything else.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ProfilePaths } from './profile.ts';

interface SwapJournal {
  readonly staged: string;
}

const sidecars = ['-wal', '-shm'] as const;

function journalPath(paths: ProfilePaths): string {
  return path.join(paths.dir, 'restore-swap.json');
}

function previousPath(paths: ProfilePaths): string {
  return `${paths.database}.before-restore`;
}

function syncFolder(folder: string): void {
  // Directory fsync makes the renames durable; Windows cannot open folders, and needs none.
  if (process.platform === 'win32') return;
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function moveIfPresent(from: string, to: string): void {
  if (existsSync(from)) renameSync(from, to);
}

/** Step 1, with the store closed: the new file takes the store's name, the old one steps aside. */
export function swapInStagedStore(paths: ProfilePaths, staged: string): void {
  writeFileSync(journalPath(paths), JSON.stringify({ staged } satisfies SwapJournal), { mode: 0o600 });
  syncFolder(paths.dir);
  const previous = previousPath(paths);
  for (const file of [previous, ...sidecars.map((suffix) => `${previous}${suffix}`)]) rmSync(file, { force: true });
  // Sidecars before the main file: while the main file is still in place, any moved sidecar is known
  // to be its own, so an undo can bring it back instead of taking it for the new store's.
  for (const suffix of sidecars) moveIfPresent(`${paths.database}${suffix}`, `${previous}${suffix}`);
  moveIfPresent(paths.database, previous);
  renameSync(staged, paths.database);
  syncFolder(paths.dir);
}

/** Step 2, once the new store has opened: the old one is no longer needed. */
export function confirmSwap(paths: ProfilePaths): void {
  const previous = previousPath(paths);
  for (const file of [previous, ...sidecars.map((suffix) => `${previous}${suffix}`)]) rmSync(file, { force: true });
  rmSync(journalPath(paths), { force: true });
}

/** Puts the previous store back (the new one failed to open). */
export function undoSwap(paths: ProfilePaths): void {
  const previous = previousPath(paths);
  if (existsSync(previous)) {
    // The main file stepped aside, so whatever sits under the store's name is the new store's.
    for (const suffix of ['', ...sidecars]) rmSync(`${paths.database}${suffix}`, { force: true });
    renameSync(previous, paths.database);
  }
  // Sidecars that stepped aside (with or without the main file) go back to it.
  for (const suffix of sidecars) moveIfPresent(`${previous}${suffix}`, `${paths.database}${suffix}`);
  rmSync(journalPath(paths), { force: true });
}

/**
 * At start-up, before the store opens: a journal means a swap was interrupted. If the staged file
 * is still there the swap never completed, so the previous store comes back; otherwise the new
 * store was fully in place and only the clean-up is left.
 */
export function recoverInterruptedSwap(paths: ProfilePaths): 'none' | 'rolled-back' | 'completed' {
  let journal: SwapJournal;
  try {
    journal = JSON.parse(readFileSync(journalPath(paths), 'utf8')) as SwapJournal;
  } catch {
    return 'none';
  }
  if (existsSync(journal.staged) || !existsSync(paths.database)) {
    undoSwap(paths);
    return 'rolled-back';
  }
  confirmSwap(paths);
  return 'completed';
}

/**
 * The whole swap for a process that holds no connection to the store (the CLI; the app wraps this in
 * StoreHolder.replace): move the staged file in, prove it opens, then drop the previous store.
 */
export function replaceStoreFile(paths: ProfilePaths, staged: string, open: (file: string) => { close(): void }): void {
  swapInStagedStore(paths, staged);
  try {
    open(paths.database).close();
  } catch (error) {
    undoSwap(paths);
    throw error;
  }
  confirmSwap(paths);
}
