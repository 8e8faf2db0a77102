// The passkey calls of the handler table. The renderer (or, on macOS, the native bridge) runs the
// ceremonies; everything that issues options, verifies responses or touches keys is in src-main/passkeys.
import type { Handlers } from './dispatch.ts';
import { finishPasskeyEnrollment, startPasskeyEnrollment } from '../passkeys/enrollment.ts';
import { getSecuritySettings } from '../passkeys/security-settings.ts';
import { removePasskey, renamePasskey, testPasskey } from '../passkeys/slot-management.ts';
import { startPasskeyUnlock } from '../passkeys/unlock-ceremony.ts';
import type { AppContext } from '../services/app-context.ts';
import { ceremonyPath } from '../passkeys/ceremony-path.ts';
import type { NativePasskeyBridge } from '../passkeys/native-bridge.ts';
import { AppError } from '../../src-shared/errors.ts';

type PasskeyHandlers = Pick<
  Handlers,
  | 'getSecuritySettings'
  | 'startPasskeyEnrollment'
  | 'finishPasskeyEnrollment'
  | 'startPasskeyUnlock'
  | 'testPasskey'
  | 'renamePasskey'
  | 'removePasskey'
  | 'getPasskeyPath'
  | 'nativeCreatePasskey'
  | 'nativeGetPasskey'
>;

export function createPasskeyHandlers(context: AppContext): PasskeyHandlers {
  return {
    getSecuritySettings: () => getSecuritySettings(context),
    startPasskeyEnrollment: (input) => startPasskeyEnrollment(context, input),
    finishPasskeyEnrollment: (input) => finishPasskeyEnrollment(context, input),
    startPasskeyUnlock: ({ location }) => startPasskeyUnlock(context, location),
    testPasskey: (input) => testPasskey(context, input),
    renamePasskey: (input) => renamePasskey(context, input),
    removePasskey: (input) => removePasskey(context, input),
    getPasskeyPath: () => Promise.resolve({ path: ceremonyPath(process.platform, context.host.kind) }),
    nativeCreatePasskey: ({ creation }) => nativeBridge(context).create(creation),
    nativeGetPasskey: ({ request }) => nativeBridge(context).get(request),
  };
}

/** Only the host whose ceremony path is native has a bridge; anywhere else the renderer runs ceremonies. */
function nativeBridge(context: AppContext): NativePasskeyBridge {
  const bridge = context.host.nativePasskeys;
  if (bridge === undefined || ceremonyPath(process.platform, context.host.kind) !== 'native-macos') {
    throw new AppError('INTERNAL_ERROR', 'This host runs passkey ceremonies in the page, not natively.', { path: 'renderer-webauthn' });
  }
  return bridge;
}
