// Builds the errors the renderer raises itself around ceremonies, with the catalogue's words.
import { errorCatalogue } from '../../../src-shared/errors.ts';
import { ApiError, type UiErrorCode } from '../api/api-error.ts';

/** An ApiError for a code, with the catalogue's words. */
export function uiError(code: UiErrorCode): ApiError {
  return new ApiError(code, errorCatalogue[code].summary);
}
