import type { JobProgress } from '../../jobs/jobs.ts';

/** Reports progress at most every 200 ms (and always at the end), so events never flood IPC. */
export function throttledProgress(onProgress: ((progress: JobProgress) => void) | undefined, phase: string, bytesTotal: number | null) {
  let last = 0;
  let done = 0;
  return {
    add(bytes: number): void {
      done += bytes;
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      onProgress?.({ phase, bytesDone: done, bytesTotal });
    },
    finish(): void {
      onProgress?.({ phase, bytesDone: done, bytesTotal });
    },
  };
}
