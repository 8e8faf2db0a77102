// Helpers that keep the repository tests short: real temporary folders (removed after each test), a
// fresh repository in one call, deterministic bytes, and the few privileged tricks that make storage
// failures real (a tiny or read-only tmpfs, an unprivileged child process) where the machine allows.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { formatRecoveryKey } from '../../src-main/crypto/recovery-key.ts';
import { zero } from '../../src-main/crypto/sodium.ts';
import type { Destination } from '../../src-main/backup/destination/destination.ts';
import { createFolderDestination } from '../../src-main/backup/destination/folder.ts';
import { initRepository } from '../../src-main/backup/repository/init.ts';
import type { InitOptions } from '../../src-main/backup/repository/init.ts';
import type { UnlockedRepository } from '../../src-main/backup/repository/unlocked.ts';
import { TEST_NODE_FLAGS } from './node-flags.ts';

export { expectAppErrorAsync } from '../unit/crypto/crypto-test-helpers.ts';

const created: string[] = [];
const cleanups: Array<() => void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A new empty folder, removed after the test. */
export async function tempFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'companion-repo-'));
  created.push(dir);
  return dir;
}

export interface TestRepository {
  readonly dir: string;
  readonly destination: Destination;
  readonly repository: UnlockedRepository;
  /** As shown to the user once. */
  readonly recoveryKey: string;
}

export async function newRepository(options: InitOptions = {}): Promise<TestRepository> {
  const dir = await tempFolder();
  const destination = createFolderDestination(dir);
  const { repository, recoveryKey } = await initRepository(destination, options);
  const text = formatRecoveryKey(recoveryKey);
  zero(recoveryKey);
  cleanups.push(() => repository.close());
  return { dir, destination, repository, recoveryKey: text };
}

/** Deterministic, incompressible-looking bytes (SHA-256 in counter mode). */
export function patternBytes(length: number, seed = 'companion'): Buffer {
  const out = Buffer.alloc(length);
  for (let offset = 0, counter = 0; offset < length; offset += 32, counter++) {
    createHash('sha256').update(`${seed}:${counter}`).digest().copy(out, offset);
  }
  return out;
}

/** Yields `data` in pieces whose sizes cycle through `sizes` (streams deliver arbitrary sizes). */
export async function* inPieces(data: Buffer, sizes: readonly number[] = [1000, 65_536, 70_001, 3]): AsyncGenerator<Buffer> {
  for (let offset = 0, i = 0; offset < data.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    yield data.subarray(offset, offset + size);
    offset += size;
    await Promise.resolve();
  }
}

/** A source that yields buffers, runs callbacks and throws errors, in order: a stream failing or cancelled midway. */
export async function* scripted(...steps: ReadonlyArray<Buffer | Error | (() => void)>): AsyncGenerator<Buffer> {
  for (const step of steps) {
    await Promise.resolve();
    if (step instanceof Error) throw step;
    if (typeof step === 'function') step();
    else yield step;
  }
}

export async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export const isRoot = process.getuid?.() === 0;

/** Whether this machine lets the tests mount a tmpfs (Linux, root with CAP_SYS_ADMIN): tried once, for real. */
export function canMountTmpfs(): boolean {
  if (process.platform !== 'linux' || !isRoot) return false;
  const probe = mkdtempSync(path.join(os.tmpdir(), 'companion-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** Mounts a tmpfs on `dir` (see canMountTmpfs) and unmounts it after the test. */
export function mountTmpfs(dir: string, options: string): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
  cleanups.push(() => execFileSync('umount', ['-l', dir], { stdio: 'ignore' }));
}

/**
 * Runs an ES module snippet as the unprivileged user `nobody` and returns its stdout: root ignores
 * permission bits, so this is how a root test run meets a real EACCES.
 */
export function runAsNobody(script: string): string {
  return execFileSync(process.execPath, [...TEST_NODE_FLAGS, '--input-type=module', '-e', script], {
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
    env: { ...process.env, COMPANION_LOG: 'silent' },
  });
}
