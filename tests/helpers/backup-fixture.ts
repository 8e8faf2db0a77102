// Helpers for the backup crash and tampering tests: profiles and repositories made through the same
// service calls the CLI makes, a digest of a store's rows to tell two stores apart, a check that every
// media file is what its name says, and real CLI children that a test can SIGKILL at a chosen moment.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { backupProfile, initForProfile, restoreProfile } from '../../src-main/backup/backup-service.ts';
import { createFolderDestination } from '../../src-main/backup/destination/folder.ts';
import type { BackupResult } from '../../src-main/backup/engine/run-backup.ts';
import type { RestoreResult } from '../../src-main/backup/engine/run-restore.ts';
import { verifyFull } from '../../src-main/backup/engine/verify-full.ts';
import type { VerifyReport } from '../../src-main/backup/engine/verify-report.ts';
import { verifyStructure } from '../../src-main/backup/engine/verify-structure.ts';
import type { LockOptions } from '../../src-main/backup/repository/locks.ts';
import { openRepository } from '../../src-main/backup/repository/repository.ts';
import type { JobContext } from '../../src-main/jobs/jobs.ts';
import type { Prng } from '../../src-main/seed/prng.ts';
import { seedStore, type SeedOptions } from '../../src-main/seed/seed-store.ts';
import { openStore } from '../../src-main/store/open-store.ts';
import { ensureProfile, type ProfilePaths } from '../../src-main/store/profile.ts';
import { readStats } from '../../src-main/store/read-chats.ts';
import { replaceStoreFile } from '../../src-main/store/store-swap.ts';
import { TEST_NODE_FLAGS } from './node-flags.ts';
import { repoRoot } from './profile.ts';

const lasting: string[] = [];

afterAll(() => {
  for (const dir of lasting.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp folder kept for the whole file (fixtures built once in beforeAll), removed after it. */
export function fileTempDir(prefix = 'companion-backup-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  lasting.push(dir);
  return dir;
}

export function jobContext(): JobContext {
  return { signal: new AbortController().signal, onProgress: () => undefined };
}

export function folderAt(dir: string): { readonly kind: 'folder'; readonly path: string } {
  return { kind: 'folder', path: dir };
}

export async function seededProfile(dir: string, options: SeedOptions): Promise<ProfilePaths> {
  const paths = ensureProfile(dir);
  await seedStore(paths, options);
  return paths;
}

/** Creates a repository for the profile; the recovery key is also written to a file for the CLI. */
export async function initRepository(paths: ProfilePaths, repo: string): Promise<{ recoveryKey: string; keyFile: string }> {
  const { recoveryKey } = await initForProfile(paths, folderAt(repo));
  const keyFile = path.join(path.dirname(repo), `${path.basename(repo)}.recovery-key`);
  writeFileSync(keyFile, `${recoveryKey}\n`, { mode: 0o600 });
  return { recoveryKey, keyFile };
}

export function backupTo(paths: ProfilePaths, repo: string): Promise<BackupResult> {
  return backupProfile(paths, { location: folderAt(repo), appVersion: 'test' }, jobContext());
}

/** Restores in-process, swapping the way the CLI does (the store is closed, so the file is replaced). */
export function restoreFrom(paths: ProfilePaths, repo: string, recoveryKey: string, snapshotId?: string): Promise<RestoreResult> {
  return restoreProfile(
    paths,
    {
      location: folderAt(repo),
      unlock: { kind: 'recovery-key', text: recoveryKey },
      snapshotId,
      swap: (staged) => Promise.resolve(replaceStoreFile(paths, staged, openStore)),
    },
    jobContext(),
  );
}

export function verifyStructureOf(repo: string): Promise<VerifyReport> {
  return verifyStructure(createFolderDestination(repo), jobContext());
}

/** verify with the recovery key; `lock` lets it take its shared lock as a given profile would. */
export async function verifyFullOf(repo: string, recoveryKey: string, lock?: LockOptions): Promise<VerifyReport> {
  const repository = (await openRepository(createFolderDestination(repo))).unlockWithRecoveryKey(recoveryKey);
  try {
    return await verifyFull(repository, jobContext(), lock);
  } finally {
    repository.close();
  }
}

export interface StoreDigest {
  readonly stats: { readonly chats: number; readonly messages: number; readonly attachments: number };
  readonly sha256: string;
}

/** Counts and a hash of every row of the store's tables (id order), or null when there is no store. */
export function storeDigest(file: string): StoreDigest | null {
  if (!existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hash = createHash('sha256');
    for (const table of ['chats', 'participants', 'messages', 'attachments']) {
      hash.update(`\n${table}\n`);
      for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY id`).raw().iterate()) hash.update(JSON.stringify(row));
    }
    return { stats: readStats(db), sha256: hash.digest('hex') };
  } finally {
    db.close();
  }
}

/** The media store's file names, sorted, after checking that each file's sha256 is its name. */
export function mediaFiles(paths: ProfilePaths): string[] {
  const names: string[] = [];
  if (!existsSync(paths.media)) return names;
  for (const prefix of readdirSync(paths.media)) {
    for (const name of readdirSync(path.join(paths.media, prefix))) {
      const content = readFileSync(path.join(paths.media, prefix, name));
      expect(createHash('sha256').update(content).digest('hex'), `media/${prefix}/${name} holds other bytes`).toBe(name);
      names.push(name);
    }
  }
  return names.sort();
}

/** Object files (valid 32-hex names, so not temporary files) in a repository folder: data, index, snapshots, locks, keys. */
export function objectFiles(repo: string, folder: string): string[] {
  const root = path.join(repo, folder);
  if (!existsSync(root)) return [];
  const isId = (name: string): boolean => /^[0-9a-f]{32}$/.test(name);
  if (folder !== 'data') {
    return readdirSync(root)
      .filter(isId)
      .map((name) => path.join(root, name));
  }
  return readdirSync(root).flatMap((prefix) =>
    readdirSync(path.join(root, prefix))
      .filter(isId)
      .map((name) => path.join(root, prefix, name)),
  );
}

export function countObjects(repo: string, folder: string): number {
  return objectFiles(repo, folder).length;
}

/** Bytes under data/, temporary files included: how far a backup has got with its packs. */
export function packBytes(repo: string): number {
  const root = path.join(repo, 'data');
  let total = 0;
  try {
    for (const prefix of readdirSync(root)) {
      for (const name of readdirSync(path.join(root, prefix)))
        total += statSync(path.join(root, prefix, name), { throwIfNoEntry: false })?.size ?? 0;
    }
  } catch {
    // data/ or a folder of it appeared or went away meanwhile: count what was seen
  }
  return total;
}

export interface ChildOutcome {
  readonly killed: boolean;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** When to kill: after a delay from spawning, or as soon as a condition holds (polled every millisecond). */
export type KillTrigger = { readonly afterMs: number } | { readonly when: () => boolean } | null;

/** Runs the real CLI (`node src-main/cli/main.ts …`) and SIGKILLs it when `trigger` fires, unless it finished first. */
export function runCliUntil(
  args: readonly string[],
  trigger: KillTrigger,
  env: Readonly<Record<string, string>> = {},
): Promise<ChildOutcome> {
  const started = performance.now();
  const child = spawn(process.execPath, [...TEST_NODE_FLAGS, path.join(repoRoot, 'src-main/cli/main.ts'), ...args], {
    env: { ...process.env, COMPANION_LOG: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  let running = true;
  const timer =
    trigger === null
      ? null
      : setInterval(() => {
          if (!running) return;
          const fire = 'afterMs' in trigger ? performance.now() - started >= trigger.afterMs : trigger.when();
          if (fire) {
            child.kill('SIGKILL');
            running = false;
          }
        }, 1);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      running = false;
      if (timer !== null) clearInterval(timer);
      resolve({ killed: signal === 'SIGKILL', code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** `count` evenly spaced values strictly between `from` and `to`. */
export function evenlySpaced(from: number, to: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + ((to - from) * (i + 1)) / (count + 1));
}

// ---- Editing repository files in place, as damage or an attacker would ----

export function sizeOf(file: string): number {
  return statSync(file).size;
}

export function editFile(file: string, change: (bytes: Buffer) => Buffer): void {
  writeFileSync(file, change(readFileSync(file)));
}

export function flipBit(file: string, offset: number, bit = 0): void {
  editFile(file, (bytes) => {
    bytes[offset] = (bytes[offset] ?? 0) ^ (1 << bit);
    return bytes;
  });
}

export function swapFiles(a: string, b: string): void {
  const bytesA = readFileSync(a);
  writeFileSync(a, readFileSync(b));
  writeFileSync(b, bytesA);
}

/** Overwrites the first occurrence of `from` (in a clear file: config, a slot's header) with `to`, of the same length. */
export function replaceText(file: string, from: string, to: string): void {
  expect(to).toHaveLength(from.length);
  editFile(file, (bytes) => {
    const at = bytes.indexOf(from);
    expect(at, `"${from}" in ${file}`).toBeGreaterThanOrEqual(0);
    bytes.write(to, at, 'latin1');
    return bytes;
  });
}

/** Writes a 16-byte id into an object's clear header (§6.1): offset 8 is the repository id, 24 the object id. */
export function rewriteHeaderId(file: string, offset: 8 | 24, idHex: string): void {
  editFile(file, (bytes) => {
    Buffer.from(idHex, 'hex').copy(bytes, offset);
    return bytes;
  });
}

/** A slot's clear-header length H (§7.1): the check is at 32+H, the wrapped BK at 64+H, the keyring MAC at 112+H. */
export function slotHeaderLength(file: string): number {
  return readFileSync(file).readUInt16LE(6);
}

export const MUTATIONS = ['flip', 'truncate', 'append', 'zero', 'swap'] as const;
export type MutationKind = (typeof MUTATIONS)[number];

export interface Mutation {
  readonly kind: MutationKind;
  /** config, keys, data, index or snapshots. */
  readonly folder: string;
  readonly text: string;
}

/** One random mutation of one of `files` (inside `repo`); a swap is with another file of the same folder. */
export function mutateRandomly(repo: string, files: readonly string[], prng: Prng): Mutation {
  const file = prng.pick(files);
  const folderOf = (name: string): string => path.relative(repo, name).split(path.sep)[0] ?? '';
  const folder = folderOf(file);
  const size = sizeOf(file);
  const others = files.filter((other) => other !== file && folderOf(other) === folder);
  const picked = prng.pick(MUTATIONS);
  const kind = picked === 'swap' && others.length === 0 ? 'flip' : picked;
  let text: string;
  if (kind === 'flip') {
    const [offset, bit] = [prng.int(0, size - 1), prng.int(0, 7)];
    flipBit(file, offset, bit);
    text = `bit ${bit} of byte ${offset}`;
  } else if (kind === 'truncate') {
    const length = prng.int(0, size - 1);
    truncateSync(file, length);
    text = `to ${length} of ${size} bytes`;
  } else if (kind === 'append') {
    const extra = Buffer.from(Array.from({ length: prng.int(1, 64) }, () => prng.int(0, 255)));
    editFile(file, (bytes) => Buffer.concat([bytes, extra]));
    text = `${extra.length} bytes`;
  } else if (kind === 'zero') {
    const start = prng.int(0, size - 1);
    const length = prng.int(1, Math.min(4096, size - start));
    editFile(file, (bytes) => bytes.fill(0, start, start + length));
    text = `${length} bytes at ${start}`;
  } else {
    const other = prng.pick(others);
    swapFiles(file, other);
    text = `with ${path.relative(repo, other)}`;
  }
  return { kind, folder, text: `${kind} ${path.relative(repo, file)}: ${text}` };
}
