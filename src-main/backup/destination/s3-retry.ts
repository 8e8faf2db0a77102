// Retries for S3 calls: exponential backoff with full jitter (a random wait between 0 and the
// exponential cap), so many clients that lost the same server do not come back in lockstep. Only
// transient failures are retried (a dropped connection, a restarting or busy server); a wrong key or
// a missing bucket fails at once. A cancel ends the wait at once.
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../../src-shared/errors.ts';
import { createLogger } from '../../log.ts';
import { describeFailure, isTransient } from './s3-errors.ts';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

/** About 15 s of waiting at worst: long enough for a dropped Wi-Fi or a restarting server. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseMs: 500, maxMs: 8000 };

/** For a connection test: one retry, so a wrong address is reported within seconds. */
export const PROBE_RETRY: RetryPolicy = { attempts: 2, baseMs: 250, maxMs: 1000 };

const log = createLogger('backup.destination.s3');

export function backoffMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(policy.maxMs, policy.baseMs * 2 ** retry));
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new AppError('OPERATION_CANCELLED');
}

/** Runs `attempt` until it succeeds, fails for good, or the policy is spent; rethrows the last failure as is. */
export async function withRetries<T>(
  what: string,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  attempt: (tryNumber: number) => Promise<T>,
): Promise<T> {
  for (let tryNumber = 1; ; tryNumber += 1) {
    throwIfAborted(signal);
    try {
      return await attempt(tryNumber);
    } catch (error) {
      if (signal?.aborted === true) throw new AppError('OPERATION_CANCELLED');
      if (error instanceof AppError) throw error;
      const failure = describeFailure(error);
      if (tryNumber >= policy.attempts || !isTransient(failure)) throw error;
      const wait = backoffMs(policy, tryNumber - 1);
      log.warn('S3 request failed, retrying', { what, try: tryNumber, wait, ...failure });
      try {
        await sleep(wait, undefined, { signal });
      } catch {
        throw new AppError('OPERATION_CANCELLED');
      }
    }
  }
}
