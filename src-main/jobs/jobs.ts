// The table of work that runs in a worker thread, off the main event loop.
import type { ImportResult } from '../../src-shared/contract.ts';
import { backupJobs } from '../backup/backup-jobs.ts';
import { importChatExport } from '../import/import-chat-export.ts';
import { seedStore, type SeedOptions, type SeedResult } from '../seed/seed-store.ts';
import { profilePaths } from '../store/profile.ts';

export interface JobProgress {
  readonly phase: string;
  readonly bytesDone: number;
  readonly bytesTotal: number | null;
}

export interface JobContext {
  readonly signal: AbortSignal;
  readonly onProgress: (progress: JobProgress) => void;
}

export const jobs = {
  import: (input: { profileDir: string; file: string; displayName: string }, context: JobContext): Promise<ImportResult> =>
    importChatExport(profilePaths(input.profileDir), { file: input.file, displayName: input.displayName }, context),
  seed: (input: { profileDir: string; options: SeedOptions }, context: JobContext): Promise<SeedResult> =>
    seedStore(profilePaths(input.profileDir), input.options, context),
  ...backupJobs,
} as const;

export type JobName = keyof typeof jobs;
export type JobInput<N extends JobName> = Parameters<(typeof jobs)[N]>[0];
export type JobOutput<N extends JobName> = Awaited<ReturnType<(typeof jobs)[N]>>;
