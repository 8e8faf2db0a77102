// Builds the errors the renderer raises itself around ceremonies, with the catalogue's words once the
// catalogue (src-shared/errors.ts) has the code, and the fallbacks in passkey-codes.ts until then.
import { errorCatalogue, isErrorCode } from '../../../src-shared/errors.ts';
import { ApiError, type UiErrorCode } from '../api/api-error.ts';
import { passkeyFallbacks, type PasskeyClientCode } from './passkey-codes.ts';

/** An ApiError for a code, with the catalogue's words when it has them. */
export function uiError(code: UiErrorCode): ApiError {
  if (isErrorCode(code)) return new ApiError(code, errorCatalogue[code].summary);
  return new ApiError(code, code in passkeyFallbacks ? passkeyFallbacks[code as PasskeyClientCode].summary : code);
}
