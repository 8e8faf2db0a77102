// The JobContext a long operation runs with under the renderer's operation id: cancellation from
// cancelOperation, progress forwarded as `progress` events with an ETA.
import { estimateEta } from '../jobs/eta.ts';
import type { JobContext } from '../jobs/jobs.ts';
import type { AppContext } from '../services/app-context.ts';

export function operationContext(context: AppContext, signal: AbortSignal, operationId: string): JobContext {
  const started = Date.now();
  return {
    signal,
    onProgress: (progress) =>
      context.events.emit('progress', {
        operationId,
        ...progress,
        etaSeconds: estimateEta(progress.bytesDone, progress.bytesTotal, Date.now() - started),
      }),
  };
}

/** Runs `work` as a cancellable operation with progress events. */
export function runOperation<T>(context: AppContext, operationId: string | undefined, work: (job: JobContext) => Promise<T>): Promise<T> {
  return context.operations.run(operationId, (signal, id) => work(operationContext(context, signal, id)));
}
