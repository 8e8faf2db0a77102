// Runs a job in a worker thread so the main event loop (the Electron UI thread's partner) stays
// responsive. Cancelling asks the worker to stop, then terminates it: every job writes inside
// transactions or to temp files, so a terminated worker leaves nothing half-done.
import { Worker } from 'node:worker_threads';
import type { ResourceLimits } from 'node:worker_threads';
import { AppError } from '../../src-shared/errors.ts';
import type { JobName, JobInput, JobOutput, JobProgress } from './jobs.ts';
import type { WorkerMessage } from './worker-message.ts';

// Under Node the sources run as .ts; in the Electron bundle the worker is built next to main as .js.
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './job-worker.ts' : './job-worker.js', import.meta.url);

export interface RunJobOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: JobProgress) => void;
  /** Buffers moved into the worker instead of copied (a key's one copy). */
  readonly transfer?: readonly ArrayBuffer[];
  /** V8 heap limits of the worker's isolate (defaults: Node's). */
  readonly resourceLimits?: ResourceLimits;
}

const graceMs = 2000;

export function runJob<N extends JobName>(name: N, input: JobInput<N>, options: RunJobOptions = {}): Promise<JobOutput<N>> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new AppError('OPERATION_CANCELLED'));
      return;
    }
    const worker = new Worker(workerUrl, {
      workerData: { name, input },
      transferList: [...(options.transfer ?? [])],
      ...(options.resourceLimits === undefined ? {} : { resourceLimits: options.resourceLimits }),
    });
    let settled = false;
    const settle = (finish: () => void): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      finish();
      void worker.terminate();
    };
    const onAbort = (): void => {
      worker.postMessage('cancel');
      setTimeout(() => settle(() => reject(new AppError('OPERATION_CANCELLED'))), graceMs).unref();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') options.onProgress?.(message.progress);
      else if (message.type === 'done') settle(() => resolve(message.value as JobOutput<N>));
      else settle(() => reject(new AppError(message.error.code, message.error.message, message.error.details)));
    });
    worker.on('error', (error: Error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new AppError('INTERNAL_ERROR', `The worker stopped unexpectedly (exit ${code}).`))));
  });
}
