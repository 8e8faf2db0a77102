// Errors as the UI sees them: a stable code plus a message, whichever side produced them.
import { errorCatalogue, isErrorCode, type ErrorCode, type ErrorData, type Result } from '../../../src-shared/errors.ts';
import { passkeyFallbacks, type PasskeyClientCode } from '../passkeys/passkey-codes.ts';

/** Codes the client makes itself: the connection to the host is gone, so no server code exists. */
export type ClientErrorCode = 'CONNECTION_LOST' | 'UPLOAD_FAILED' | PasskeyClientCode;

export type UiErrorCode = ErrorCode | ClientErrorCode;

const clientHints: Readonly<Record<ClientErrorCode, string>> = {
  CONNECTION_LOST: 'Companion is reconnecting. Try again in a moment.',
  UPLOAD_FAILED: 'Check that Companion is still running, then choose the file again.',
  ...Object.fromEntries(Object.entries(passkeyFallbacks).map(([code, entry]) => [code, entry.userAction])),
} as Readonly<Record<ClientErrorCode, string>>;

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
  return isErrorCode(code) ? errorCatalogue[code].userAction : clientHints[code];
}

/** Anything caught, as an ApiError; unknown throwables keep a generic message, never their text. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError('INTERNAL_ERROR', errorCatalogue.INTERNAL_ERROR.summary);
}
