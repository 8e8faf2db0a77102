// The passkey calls of the handler table. The renderer (or, on macOS, the native bridge) runs the
// ceremonies; everything that issues options, verifies responses or touches keys is in src-main/passkeys.
import type { Handlers } from './dispatch.ts';
import { finishPasskeyEnrollment, startPasskeyEnrollment } from '../passkeys/enrollment.ts';
import { getSecuritySettings } from '../passkeys/security-settings.ts';
import { removePasskey, renamePasskey, testPasskey } from '../passkeys/slot-management.ts';
import { startPasskeyUnlock } from '../passkeys/unlock-ceremony.ts';
import type { AppContext } from '../services/app-context.ts';

type PasskeyHandlers = Pick<
  Handlers,
  | 'getSecuritySettings'
  | 'startPasskeyEnrollment'
  | 'finishPasskeyEnrollment'
  | 'startPasskeyUnlock'
  | 'testPasskey'
  | 'renamePasskey'
  | 'removePasskey'
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
  };
}
