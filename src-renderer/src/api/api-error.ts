// Errors as the UI sees them: a stable code plus a message, whichever side produced them.
import { errorCatalogue, isErrorCode, type ErrorCode, type ErrorData, type Result } from '../../../src-shared/errors.ts';

/** Every code the UI shows is in the one catalogue, those the renderer raises itself included. */
export type UiErrorCode = ErrorCode;

export class ApiError extends Error {
  readonly code: UiErrorCode;

  constructor(code: UiErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }

  static fromData(error: ErrorData): ApiError {
    return new ApiError(error.code, error.message);
  }
}

/** Turns a contract Result into a value or a thrown ApiError, which is what TanStack Query expects. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw ApiError.fromData(result.error);
}

/** What the person can do next, from the shared catalogue. */
export function errorHint(code: UiErrorCode): string {
  return errorCatalogue[code].userAction;
}

/** Anything caught, as an ApiError; unknown throwables keep a generic message, never their text. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError('INTERNAL_ERROR', errorCatalogue.INTERNAL_ERROR.summary);
}

/** A code main recorded earlier (a past failure), told in the catalogue's words. */
export function fromRecordedCode(code: string): ApiError {
  const known = isErrorCode(code) ? code : 'INTERNAL_ERROR';
  return new ApiError(known, errorCatalogue[known].summary);
}
