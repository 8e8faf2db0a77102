// Benchmark: backup and restore of the same store to a folder and to an S3 bucket, in one run, so the
// S3 destination's cost shows as a ratio to the folder destination on this machine. The bucket is
// s3rver on loopback in its own process (a Node server that hashes and writes every object to disk
// on the same cores), so the ratio is a floor for what a real server on a real network would
// allow, not a network figure. Jobs run in a worker thread (inWorker), as in the app.
// Throughput: bytes of the store read (bytesScanned) or restored per second of wall clock around
// backupProfile / restoreProfile; 1 MB = 2^20 bytes. Run alone:
//   ./node_modules/.bin/node -e "import('./tests/bench/s3-bench.ts').then(m=>m.benchS3('/tmp/s3b')).then(console.log)"
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { backupProfile, initForProfile, type ConnectedLocation } from '../../src-main/backup/backup-service.ts';
import { inWorker } from '../../src-main/backup/job-runner.ts';
import type { JobContext } from '../../src-main/jobs/jobs.ts';
import { runJob } from '../../src-main/jobs/run-job.ts';
import { ensureProfile } from '../../src-main/store/profile.ts';
import { restoreWithRecoveryKey } from '../helpers/restore.ts';
import { s3Location, startS3Server } from '../helpers/s3-server.ts';

const MiB = 1024 * 1024;

export interface S3BenchOptions {
  /** Incompressible media in the seeded store (default 256 MiB). */
  readonly mediaMb?: number;
}

type Figures = Record<string, number | string>;

interface Timed {
  readonly backupMBps: number;
  readonly restoreMBps: number;
  readonly storeMB: number;
  readonly writtenMB: number;
}

const context: JobContext = { signal: new AbortController().signal, onProgress: () => undefined };
const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

async function backupAndRestore(sourceDir: string, targetDir: string, location: ConnectedLocation): Promise<Timed> {
  const source = ensureProfile(sourceDir);
  const { recoveryKey } = await initForProfile(source, location);
  const backupStarted = performance.now();
  const backup = await backupProfile(source, { appVersion: 'bench', runner: inWorker }, context);
  const backupSeconds = (performance.now() - backupStarted) / 1000;
  const target = ensureProfile(targetDir);
  const restoreStarted = performance.now();
  const restored = await restoreWithRecoveryKey(target, location, recoveryKey, { runner: inWorker, context });
  const restoreSeconds = (performance.now() - restoreStarted) / 1000;
  if (restored.bytes !== backup.bytesScanned) throw new Error(`restored ${restored.bytes} bytes of ${backup.bytesScanned}`);
  return {
    backupMBps: backup.bytesScanned / MiB / backupSeconds,
    restoreMBps: restored.bytes / MiB / restoreSeconds,
    storeMB: backup.bytesScanned / MiB,
    writtenMB: backup.bytesWritten / MiB,
  };
}

export async function benchS3(workDir: string, options: S3BenchOptions = {}): Promise<Figures> {
  const mediaMb = options.mediaMb ?? 256;
  await mkdir(workDir, { recursive: true });
  const sourceDir = path.join(workDir, 'source');
  ensureProfile(sourceDir);
  await runJob('seed', { profileDir: sourceDir, options: { chats: 8, messages: 50_000, mediaMb, seed: 3 } });

  const folder = await backupAndRestore(sourceDir, path.join(workDir, 'restored-folder'), {
    kind: 'folder',
    path: path.join(workDir, 'repository'),
  });
  const server = await startS3Server();
  let s3: Timed;
  try {
    s3 = await backupAndRestore(sourceDir, path.join(workDir, 'restored-s3'), s3Location(server, { prefix: 'bench' }));
  } finally {
    await server.dispose();
  }
  return {
    storeMB: round(folder.storeMB),
    writtenMB: `${round(folder.writtenMB)} folder, ${round(s3.writtenMB)} s3`,
    folderBackupMBps: round(folder.backupMBps),
    s3BackupMBps: round(s3.backupMBps),
    s3VsFolderBackup: round(s3.backupMBps / folder.backupMBps),
    folderRestoreMBps: round(folder.restoreMBps),
    s3RestoreMBps: round(s3.restoreMBps),
    s3VsFolderRestore: round(s3.restoreMBps / folder.restoreMBps),
    s3Server: 's3rver on 127.0.0.1, its own process, same machine (path-style, HTTP)',
  };
}
