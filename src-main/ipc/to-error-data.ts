// Turns anything thrown into error data with a stable code. Unknown errors become INTERNAL_ERROR with
// a generic message: their text may hold paths or content, so it goes to the log, not across IPC.
import { AppError, type ErrorData } from '../../src-shared/errors.ts';
import { createLogger } from '../log.ts';

const log = createLogger('ipc');

const diskFullCodes = new Set(['ENOSPC', 'SQLITE_FULL', 'EDQUOT']);

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && diskFullCodes.has(code)) {
    return new AppError('DISK_FULL', undefined, { reason: code }, { cause: error });
  }
  return new AppError('INTERNAL_ERROR', undefined, undefined, { cause: error });
}

export function toErrorData(error: unknown): ErrorData {
  const appError = toAppError(error);
  if (appError.code === 'INTERNAL_ERROR') log.error('unexpected error', error);
  return appError.toData();
}
