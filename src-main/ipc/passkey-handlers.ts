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
import { AppError, isErrorCode } from '../../src-shared/errors.ts';
import { ceremonyEnvironment } from '../diagnostics/ceremony-environment.ts';
import { zero } from '../crypto/sodium.ts';
import { holdPrf } from '../passkeys/held-prf.ts';
import { prfBytes } from '../passkeys/prf.ts';
import { Journal } from '../diagnostics/journal.ts';

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
  | 'recordCeremonyFailure'
>;

export function createPasskeyHandlers(context: AppContext): PasskeyHandlers {
  const journal = new Journal(context.paths.dir);
  /** One ceremony as a journal operation: versions at the start, the authenticator's facts at the end. */
  const ceremony = <T extends { transports: string[]; aaguid: string; backupEligible: boolean; synced: boolean }>(
    transports: readonly string[] | undefined,
    work: () => Promise<T>,
  ): Promise<T> =>
    journal.operation(
      'ceremony',
      (op) => op.step('ceremony', work),
      ceremonyEnvironment(context.host.version, {
        prfOffered: true,
        prfReturned: true,
        ...(transports === undefined ? {} : { transports: [...transports] }),
      }),
      (summary) => ({
        aaguid: summary.aaguid,
        transports: summary.transports,
        backupEligible: summary.backupEligible,
        backedUp: summary.synced,
      }),
    );
  return {
    getSecuritySettings: () => getSecuritySettings(context),
    startPasskeyEnrollment: (input) => startPasskeyEnrollment(context, input),
    finishPasskeyEnrollment: (input) => ceremony(input.registration.response.transports, () => finishPasskeyEnrollment(context, input)),
    startPasskeyUnlock: ({ location }) => startPasskeyUnlock(context, location),
    testPasskey: (input) => ceremony(undefined, () => testPasskey(context, input)),
    renamePasskey: (input) => ceremony(undefined, () => renamePasskey(context, input)),
    removePasskey: (input) => removePasskey(context, input),
    getPasskeyPath: () => Promise.resolve({ path: ceremonyPath(process.platform, context.host.kind) }),
    // The native bridge runs in main: its PRF output stays here, the renderer gets stand-ins (held-prf.ts).
    nativeCreatePasskey: async ({ creation }) => {
      const created = await nativeBridge(context).create(creation);
      return created.prf === undefined ? created : { ...created, prf: { first: holdEncoded(created.prf.first) } };
    },
    nativeGetPasskey: async ({ request }) => {
      const got = await nativeBridge(context).get(request);
      const { first, second } = got.prf;
      return {
        ...got,
        prf: second === undefined ? { first: holdEncoded(first) } : { first: holdEncoded(first), second: holdEncoded(second) },
      };
    },
    recordCeremonyFailure: ({ ceremonyId, code, transports }) => {
      // Only a ceremony main issued, and only a code the catalogue knows, get into the journal.
      if (!context.ceremonies.discard(ceremonyId)) return Promise.resolve({ recorded: false });
      const known = isErrorCode(code) ? code : 'PASSKEY_CEREMONY_FAILED';
      const env = ceremonyEnvironment(context.host.version, {
        prfOffered: true,
        prfReturned: false,
        ...(transports === undefined ? {} : { transports }),
      });
      journal.recordFailure('ceremony', 'ceremony', known, env);
      return Promise.resolve({ recorded: true });
    },
  };
}

/** Holds a PRF output (base64url, as the bridge gives it) and returns its stand-in. */
function holdEncoded(prf: string): string {
  const bytes = prfBytes(prf);
  try {
    return holdPrf(bytes);
  } finally {
    zero(bytes);
  }
}

/** Only the host whose ceremony path is native has a bridge; anywhere else the renderer runs ceremonies. */
function nativeBridge(context: AppContext): NativePasskeyBridge {
  const bridge = context.host.nativePasskeys;
  if (bridge === undefined || ceremonyPath(process.platform, context.host.kind) !== 'native-macos') {
    throw new AppError('INTERNAL_ERROR', 'This host runs passkey ceremonies in the page, not natively.', { path: 'renderer-webauthn' });
  }
  return bridge;
}
