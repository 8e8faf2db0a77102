// The measuring side of backup-bench.ts: one backup (and restore) phase in a fresh process. It runs
// bundled to JavaScript like the shipped app (see bundleChild in backup-bench.ts), so its RSS is the
// app's and not that of Node's TypeScript stripping, which every isolate loading .ts pays (~17 MB).
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

/** What a measuring child reports back. */
export interface PhaseReport {
  /** Null for the 'floor' phase, which only loads the modules and an idle job worker. */
  readonly backup:
    (Pick<BackupResult, 'bytesScanned' | 'bytesWritten' | 'files' | 'chunks' | 'newChunks'> & { readonly seconds: number }) | null;
  readonly restore: { readonly bytes: number; readonly mediaFiles: number; readonly seconds: number } | null;
  readonly backupMaxDelayMs: number | null;
  readonly restoreMaxDelayMs: number | null;
  readonly startRssMB: number;
  readonly maxRssMB: number;
  /** Peak RSS during the backup alone and the restore alone (Linux; elsewhere the phase's running peak). */
  readonly backupMaxRssMB: number | null;
  readonly restoreMaxRssMB: number | null;
}

async function runChild(phase: string, sourceDir: string, repoDir: string, restoreDir: string): Promise<PhaseReport> {
  const startRssMB = round(process.memoryUsage().rss / MiB);
  if (phase === 'floor') {
    await idleJobWorker(restoreDir);
    return {
      backup: null,
      restore: null,
      backupMaxDelayMs: null,
      restoreMaxDelayMs: null,
      startRssMB,
      maxRssMB: maxRssMB(),
      backupMaxRssMB: null,
      restoreMaxRssMB: null,
    };
  }
  const context: JobContext = { signal: new AbortController().signal, onProgress: () => undefined };
  const source = ensureProfile(sourceDir);
  const location = { kind: 'folder', path: repoDir } as const;
  const recoveryKey = phase === 'full' ? (await initForProfile(source, location)).recoveryKey : null;

  const backupDelay = monitorEventLoopDelay({ resolution: 10 });
  backupDelay.enable();
  const backupStarted = performance.now();
  const result = await backupProfile(source, { appVersion: 'bench', runner: inWorker }, context);
  const backupSeconds = (performance.now() - backupStarted) / 1000;
  backupDelay.disable();
  const backupMaxRssMB = maxRssMB();

  let restore: PhaseReport['restore'] = null;
  let restoreMaxDelayMs: number | null = null;
  let restoreMaxRssMB: number | null = null;
  if (recoveryKey !== null) {
    resetPeakRss();
    const target = ensureProfile(restoreDir);
    const restoreDelay = monitorEventLoopDelay({ resolution: 10 });
    restoreDelay.enable();
    const restoreStarted = performance.now();
    const restored = await restoreProfile(
      target,
      {
        location,
        unlock: { kind: 'recovery-key', text: recoveryKey },
        swap: (staged) => Promise.resolve(replaceStoreFile(target, staged, openStore)),
        runner: inWorker,
      },
      context,
    );
    restore = { bytes: restored.bytes, mediaFiles: restored.mediaFiles, seconds: (performance.now() - restoreStarted) / 1000 };
    restoreDelay.disable();
    restoreMaxDelayMs = restoreDelay.max / 1e6;
    restoreMaxRssMB = maxRssMB();
    if (restored.bytes !== result.bytesScanned) throw new Error(`restored ${restored.bytes} bytes of ${result.bytesScanned}`);
  }
  return {
    backup: {
      bytesScanned: result.bytesScanned,
      bytesWritten: result.bytesWritten,
      files: result.files,
      chunks: result.chunks,
      newChunks: result.newChunks,
      seconds: backupSeconds,
    },
    restore,
    backupMaxDelayMs: backupDelay.max / 1e6,
    restoreMaxDelayMs,
    startRssMB,
    maxRssMB: Math.max(backupMaxRssMB, restoreMaxRssMB ?? 0),
    backupMaxRssMB,
    restoreMaxRssMB,
  };
}

/**
 * The child's own peak resident memory, every thread included. On Linux that is VmHWM: getrusage's
 * maxRSS survives exec, so a child forked from this (seeding, 1 GiB-touching) parent would report
 * the parent's peak instead of its own. Elsewhere maxRSS is all there is.
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
