import { AppError } from '../../../src-shared/errors.ts';

/** Long loops call this between units of work, so a cancel takes effect within one chunk or object. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new AppError('OPERATION_CANCELLED');
}
