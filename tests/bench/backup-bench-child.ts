// The measuring side of backup-bench.ts: one phase in a fresh process. It runs bundled to JavaScript
// like the shipped app (see bundleChild in backup-bench.ts), so its RSS is the app's and not that of
// Node's TypeScript stripping, which every isolate loading .ts pays (~17 MB).
//   floor        modules loaded, plus an idle job worker (no data)
//   full         init, full backup, then a restore in the same process (after a backup, as on the old computer)
//   restore      a restore in a process that has done nothing else (a new computer)
//   incremental  a backup after the source grew
import { readFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { backupProfile, initForProfile, restoreProfile } from '../../src-main/backup/backup-service.ts';
import type { BackupResult } from '../../src-main/backup/engine/run-backup.ts';
import { inWorker } from '../../src-main/backup/job-runner.ts';
import type { JobContext } from '../../src-main/jobs/jobs.ts';
import { runJob } from '../../src-main/jobs/run-job.ts';
import { openStore } from '../../src-main/store/open-store.ts';
import { ensureProfile } from '../../src-main/store/profile.ts';
import { replaceStoreFile } from '../../src-main/store/store-swap.ts';

const MiB = 1024 * 1024;

function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

type BackupFigures = Pick<BackupResult, 'bytesScanned' | 'bytesWritten' | 'files' | 'chunks' | 'newChunks'> & {
  readonly seconds: number;
  readonly maxDelayMs: number;
  /** Peak RSS during the backup (Linux: VmHWM since the phase began). */
  readonly maxRssMB: number;
};

interface RestoreFigures {
  readonly bytes: number;
  readonly mediaFiles: number;
  readonly seconds: number;
  readonly maxDelayMs: number;
  readonly maxRssMB: number;
}

/** What a measuring child reports back. */
export interface PhaseReport {
  readonly backup: BackupFigures | null;
  readonly restore: RestoreFigures | null;
  /** The full phase's recovery key, for the restore phase (a throwaway repository in the work folder). */
  readonly recoveryKey: string | null;
  readonly startRssMB: number;
  /** The process's peak over the whole phase. */
  readonly maxRssMB: number;
}

const context: JobContext = { signal: new AbortController().signal, onProgress: () => undefined };

async function measureBackup(sourceDir: string): Promise<BackupFigures> {
  resetPeakRss();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  const result = await backupProfile(ensureProfile(sourceDir), { appVersion: 'bench', runner: inWorker }, context);
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  const { bytesScanned, bytesWritten, files, chunks, newChunks } = result;
  return { bytesScanned, bytesWritten, files, chunks, newChunks, seconds, maxDelayMs: delay.max / 1e6, maxRssMB: maxRssMB() };
}

async function measureRestore(repoDir: string, restoreDir: string, recoveryKey: string): Promise<RestoreFigures> {
  resetPeakRss();
  const target = ensureProfile(restoreDir);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  const restored = await restoreProfile(
    target,
    {
      location: { kind: 'folder', path: repoDir },
      unlock: { kind: 'recovery-key', text: recoveryKey },
      swap: (staged) => Promise.resolve(replaceStoreFile(target, staged, openStore)),
      runner: inWorker,
    },
    context,
  );
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  return { bytes: restored.bytes, mediaFiles: restored.mediaFiles, seconds, maxDelayMs: delay.max / 1e6, maxRssMB: maxRssMB() };
}

async function runChild(phase: string, sourceDir: string, repoDir: string, restoreDir: string): Promise<PhaseReport> {
  const startRssMB = round(process.memoryUsage().rss / MiB);
  const report = (backup: BackupFigures | null, restore: RestoreFigures | null, recoveryKey: string | null = null): PhaseReport => ({
    backup,
    restore,
    recoveryKey,
    startRssMB,
    maxRssMB: Math.max(startRssMB, backup?.maxRssMB ?? 0, restore?.maxRssMB ?? 0),
  });
  switch (phase) {
    case 'floor': {
      await idleJobWorker(restoreDir);
      return { ...report(null, null), maxRssMB: maxRssMB() };
    }
    case 'full': {
      const { recoveryKey } = await initForProfile(ensureProfile(sourceDir), { kind: 'folder', path: repoDir });
      const backup = await measureBackup(sourceDir);
      const restore = await measureRestore(repoDir, restoreDir, recoveryKey);
      if (restore.bytes !== backup.bytesScanned) throw new Error(`restored ${restore.bytes} bytes of ${backup.bytesScanned}`);
      return report(backup, restore, recoveryKey);
    }
    case 'restore':
      return report(null, await measureRestore(repoDir, restoreDir, process.env['COMPANION_RECOVERY_KEY'] ?? ''));
    case 'incremental':
      return report(await measureBackup(sourceDir), null);
    default:
      throw new Error(`unknown bench phase ${phase}`);
  }
}

/**
 * The child's own peak resident memory, every thread included. On Linux that is VmHWM: getrusage's
 * maxRSS survives exec, so a child forked from this (seeding, 1 GiB-touching) parent would report
 * the parent's peak instead of its own. Elsewhere maxRSS is all there is (and resetPeakRss cannot
 * reset it, so a later phase there reports the process's peak so far).
 */
function maxRssMB(): number {
  if (process.platform === 'linux') {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match?.[1] !== undefined) return round(Number(match[1]) / 1024);
  }
  return round(process.resourceUsage().maxRSS / 1024);
}

/** Starts VmHWM over from the current RSS (Linux's clear_refs "5"), so the next phase's peak is its own. */
function resetPeakRss(): void {
  if (process.platform === 'linux') writeFileSync('/proc/self/clear_refs', '5');
}

/** What a job worker costs before it touches real data: its isolate, the job modules, a one-message seed. */
async function idleJobWorker(profileDir: string): Promise<void> {
  ensureProfile(profileDir);
  await runJob('seed', { profileDir, options: { chats: 1, messages: 1, mediaMb: 0, seed: 1 } });
}

const [phase = '', sourceDir = '', repoDir = '', restoreDir = ''] = process.argv.slice(2);
const report = await runChild(phase, sourceDir, repoDir, restoreDir);
// Disconnecting closes the IPC channel, which is all that keeps this process alive.
process.send?.(report, () => process.disconnect());
