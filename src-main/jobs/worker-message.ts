import type { ErrorData } from '../../src-shared/errors.ts';
import type { JobProgress } from './jobs.ts';

export type WorkerMessage =
  | { readonly type: 'progress'; readonly progress: JobProgress }
  | { readonly type: 'done'; readonly value: unknown }
  | { readonly type: 'error'; readonly error: ErrorData };
