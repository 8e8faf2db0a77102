import { AppError } from '../../src-shared/errors.ts';
import { toAppError } from '../ipc/to-error-data.ts';

/** The one way the CLI reports failure: `error <CODE>: <message>` on stderr, and a non-zero exit. */
export function reportCliError(error: unknown): number {
  const appError = toAppError(error);
  process.stderr.write(`error ${appError.code}: ${appError.message}\n`);
  return appError.code === 'CLI_USAGE' ? 2 : 1;
}

export function usageError(reason: string): AppError {
  return new AppError('CLI_USAGE', reason, { reason });
}
