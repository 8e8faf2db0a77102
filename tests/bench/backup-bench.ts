// Benchmark: full backup, restore and an incremental backup of a store with over 1 GiB of
// incompressible media, read against the raw secretstream throughput of the same machine.
//
// Seeding and the 1% append run in worker threads of this process; the measurements run in fresh
// child processes (this module again), so their peak RSS (VmHWM on Linux; see maxRssMB), which
// covers the job's worker thread too, reflects backup and restore only. Backup and restore jobs run
// in a worker thread (inWorker), as in the app, so the main event loop delay is the one the UI sees.
// Throughput: bytes of the store read (bytesScanned) or restored (RestoreResult.bytes) per second of
// wall clock around backupProfile / restoreProfile; 1 MB = 2^20 bytes, as in crypto-bench.ts. Run:
//   ./node_modules/.bin/node -e "import('./tests/bench/backup-bench.ts').then(m=>m.benchBackup('/tmp/bb')).then(console.log)"
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdir, open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { zstdCompressSync } from 'node:zlib';
import { backupProfile, initForProfile, restoreProfile } from '../../src-main/backup/backup-service.ts';
import type { BackupResult } from '../../src-main/backup/engine/run-backup.ts';
import { inWorker } from '../../src-main/backup/job-runner.ts';
import type { JobContext } from '../../src-main/jobs/jobs.ts';
import { runJob } from '../../src-main/jobs/run-job.ts';
import type { SeedOptions } from '../../src-main/seed/seed-store.ts';
import { openStore } from '../../src-main/store/open-store.ts';
import { ensureProfile } from '../../src-main/store/profile.ts';
import { replaceStoreFile } from '../../src-main/store/store-swap.ts';
import { benchSecretstream } from './crypto-bench.ts';

const MiB = 1024 * 1024;
const targets = { throughputVsRaw: 0.5, peakRssMB: 200 } as const;

export interface BackupBenchOptions {
  /** Media in the seeded store (default 1040 MiB: at least 1 GiB after the seeder's rounding). */
  readonly mediaMb?: number;
  /** Messages in the seeded store (default 100,000). */
  readonly messages?: number;
  /** Share of new messages (and media, in proportion) before the incremental backup (default 1%). */
  readonly incrementPercent?: number;
}

type Figures = Record<string, number | string>;

/** What a measuring child reports back. */
interface PhaseReport {
  /** Null for the 'floor' phase, which only loads the modules and an idle job worker. */
  readonly backup:
    (Pick<BackupResult, 'bytesScanned' | 'bytesWritten' | 'files' | 'chunks' | 'newChunks'> & { readonly seconds: number }) | null;
  readonly restore: { readonly bytes: number; readonly mediaFiles: number; readonly seconds: number } | null;
  readonly backupMaxDelayMs: number | null;
  readonly restoreMaxDelayMs: number | null;
  readonly startRssMB: number;
  readonly maxRssMB: number;
}

export async function benchBackup(workDir: string, options: BackupBenchOptions = {}): Promise<Figures> {
  const mediaMb = options.mediaMb ?? 1040;
  const messages = options.messages ?? 100_000;
  const share = (options.incrementPercent ?? 1) / 100;
  const sourceDir = path.join(workDir, 'source');
  const repoDir = path.join(workDir, 'repository');
  const restoreDir = path.join(workDir, 'restored');
  await mkdir(workDir, { recursive: true });

  const crypto = await benchSecretstream();
  const rawMBps = Number(crypto.rawSecretstreamPushMBps);

  ensureProfile(sourceDir);
  const seeded = await runJob('seed', { profileDir: sourceDir, options: { chats: 16, messages, mediaMb, seed: 1 } });
  const mediaZstdRatio = await sampleCompressibility(ensureProfile(sourceDir).media);

  const floor = await inChild('floor', sourceDir, repoDir, restoreDir);
  const full = await inChild('full', sourceDir, repoDir, restoreDir);
  await rm(restoreDir, { recursive: true, force: true });

  const increment: SeedOptions = { chats: 4, messages: Math.round(messages * share), mediaMb: mediaMb * share, seed: 2 };
  const added = await runJob('seed', { profileDir: sourceDir, options: increment });
  const incremental = await inChild('incremental', sourceDir, repoDir, restoreDir);

  const { backup: first, restore } = full;
  const second = incremental.backup;
  if (first === null || restore === null || second === null) throw new Error('a backup phase reported no backup');
  const backupMBps = first.bytesScanned / MiB / first.seconds;
  const restoreMBps = restore.bytes / MiB / restore.seconds;
  const peakRss = Math.max(full.maxRssMB, incremental.maxRssMB);
  const met = (ok: boolean): string => (ok ? 'met' : 'MISSED');
  return {
    storeMB: round(first.bytesScanned / MiB),
    storeMessages: seeded.messages,
    storeMediaFiles: seeded.attachments,
    mediaZstdRatio: `${mediaZstdRatio} (compressed/original on samples; ~1 = incompressible)`,
    rawSecretstreamMBps: rawMBps,
    objectEncryptMBps: Number(crypto.objectEncryptMBps),
    objectDecryptMBps: Number(crypto.objectDecryptMBps),
    backupSeconds: round(first.seconds),
    backupMBps: round(backupMBps),
    backupVsRaw: `${round(backupMBps / rawMBps)} (target ≥ ${targets.throughputVsRaw}: ${met(backupMBps / rawMBps >= targets.throughputVsRaw)})`,
    restoreSeconds: round(restore.seconds),
    restoreMBps: round(restoreMBps),
    restoreVsRaw: `${round(restoreMBps / rawMBps)} (target ≥ ${targets.throughputVsRaw}: ${met(restoreMBps / rawMBps >= targets.throughputVsRaw)})`,
    firstBytesWrittenMB: round(first.bytesWritten / MiB),
    addedMessages: `${added.messages} (${round((added.messages / seeded.messages) * 100)}%), ${round(added.mediaBytes / MiB)} MB media`,
    secondBytesWrittenMB: round(second.bytesWritten / MiB),
    incrementalBytesRatio: round(second.bytesWritten / first.bytesWritten, 4),
    incrementalSeconds: round(second.seconds),
    backupMainLoopMaxDelayMs: round(full.backupMaxDelayMs ?? 0),
    restoreMainLoopMaxDelayMs: round(full.restoreMaxDelayMs ?? 0),
    rssFloorMB: `${floor.startRssMB} child with modules loaded, ${floor.maxRssMB} with an idle job worker too (no data)`,
    peakRssMB: `${round(full.maxRssMB)} full backup + restore, ${round(incremental.maxRssMB)} incremental (target < ${targets.peakRssMB}: ${met(peakRss < targets.peakRssMB)})`,
    rssMeasuredAs: 'peak RSS (VmHWM) of a fresh child process per phase (main + job worker threads)',
  };
}

function inChild(phase: 'floor' | 'full' | 'incremental', sourceDir: string, repoDir: string, restoreDir: string): Promise<PhaseReport> {
  const child = fork(fileURLToPath(import.meta.url), [childFlag, phase, sourceDir, repoDir, restoreDir], { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    let report: PhaseReport | null = null;
    child.on('message', (message: PhaseReport) => {
      report = message;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && report !== null) resolve(report);
      else reject(new Error(`backup bench child (${phase}) exited with ${code}`));
    });
  });
}

const childFlag = '--backup-bench-child';

async function runChild(phase: string, sourceDir: string, repoDir: string, restoreDir: string): Promise<PhaseReport> {
  const startRssMB = round(process.memoryUsage().rss / MiB);
  if (phase === 'floor') {
    await idleJobWorker();
    return { backup: null, restore: null, backupMaxDelayMs: null, restoreMaxDelayMs: null, startRssMB, maxRssMB: maxRssMB() };
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

  let restore: PhaseReport['restore'] = null;
  let restoreMaxDelayMs: number | null = null;
  if (recoveryKey !== null) {
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
    maxRssMB: maxRssMB(),
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

/** What a job worker costs before it touches any data: its own isolate with the job modules loaded. */
async function idleJobWorker(): Promise<void> {
  const jobs = new URL('../../src-main/jobs/jobs.ts', import.meta.url).href;
  const source = `import(${JSON.stringify(jobs)}).then(() => require('node:worker_threads').parentPort.postMessage('loaded'))`;
  const worker = new Worker(source, { eval: true });
  await once(worker, 'message');
  await worker.terminate();
}

/** zstd ratio of the first MiB of up to 16 media files: proof the seeded media behave like photos and videos. */
async function sampleCompressibility(mediaDir: string): Promise<number> {
  let original = 0;
  let compressed = 0;
  const files: string[] = [];
  for (const shard of (await readdir(mediaDir)).sort()) {
    for (const name of (await readdir(path.join(mediaDir, shard))).sort()) files.push(path.join(mediaDir, shard, name));
    if (files.length >= 16) break;
  }
  for (const file of files.slice(0, 16)) {
    const handle = await open(file, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(MiB), 0, MiB, 0);
      original += bytesRead;
      compressed += zstdCompressSync(buffer.subarray(0, bytesRead)).length;
    } finally {
      await handle.close();
    }
  }
  return round(compressed / Math.max(1, original), 4);
}

function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

if (import.meta.main && process.argv[2] === childFlag) {
  const [phase = '', sourceDir = '', repoDir = '', restoreDir = ''] = process.argv.slice(3);
  const report = await runChild(phase, sourceDir, repoDir, restoreDir);
  // Disconnecting closes the IPC channel, which is all that keeps this process alive.
  process.send?.(report, () => process.disconnect());
}
