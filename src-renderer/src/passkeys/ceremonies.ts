// The two ceremonies the app runs, from main's options to the contract's inputs. PRF outputs arrive
// already encoded for the call's `prf` field (their buffers zeroed); callers send them at once.
import type { z } from 'zod';
import type { BackupLocation } from '../../../src-shared/common-schemas.ts';
import type { PasskeySummary, PasskeyUnlock } from '../../../src-shared/passkey-contract.ts';
import type { CompanionApi } from '../../../src-shared/api.ts';
import { toApiError, unwrap } from '../api/api-error.ts';
import { authenticatorFor } from './authenticator.ts';
import { uiError } from './passkey-errors.ts';

export type PasskeyUnlockInput = z.infer<typeof PasskeyUnlock>;

/** Tells the provider to forget a credential Companion will not use, where the browser can. */
function signalUnused(rpId: string, credentialId: string): void {
  if (typeof PublicKeyCredential === 'undefined') return;
  const signal = (PublicKeyCredential as unknown as { signalUnknownCredential?: (options: object) => Promise<void> })
    .signalUnknownCredential;
  if (typeof signal === 'function') void signal.call(PublicKeyCredential, { rpId, credentialId }).catch(() => undefined);
}

/**
 * Runs one step of a ceremony main issued; a failure main never saw (cancelled, no PRF, refused by the
 * browser) is reported to its journal for support, then thrown on. Reporting never hides the failure.
 */
async function step<T>(
  api: CompanionApi,
  ceremony: { readonly ceremonyId: string; readonly stage: 'create' | 'get'; readonly prfEnabled: boolean | null },
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (caught) {
    const error = toApiError(caught);
    if (error.code.startsWith('PASSKEY_')) {
      void api
        .recordCeremonyFailure({
          ceremonyId: ceremony.ceremonyId,
          stage: ceremony.stage,
          code: error.code,
          prfEnabled: ceremony.prfEnabled,
        })
        .catch(() => undefined);
    }
    throw error;
  }
}

/**
 * Enrols a passkey: create() with a PRF salt; if the provider said PRF is on but gave no output yet,
 * a get() for that credential at once; then main verifies both, wraps the backup key and checks it unwraps.
 */
export async function enrollPasskey(api: CompanionApi, label: string): Promise<z.infer<typeof PasskeySummary>> {
  const authenticator = await authenticatorFor(api);
  const start = unwrap(await api.startPasskeyEnrollment({ label }));
  const { creation } = start;
  const { ceremonyId } = start;
  const registration = await step(api, { ceremonyId, stage: 'create', prfEnabled: null }, () => authenticator.create(creation));
  const credentialId = registration.response.id;
  if (registration.prfEnabled !== true) {
    signalUnused(creation.rp.id, credentialId);
    const prfEnabled = registration.prfEnabled ?? null;
    return step(api, { ceremonyId, stage: 'create', prfEnabled }, () => Promise.reject(uiError('PASSKEY_PRF_UNSUPPORTED')));
  }
  let first = registration.prfFirst;
  let followUp: PasskeyUnlockInput['assertion'] | undefined;
  if (first === undefined) {
    const { transports } = registration.response.response;
    const assertion = await step(api, { ceremonyId, stage: 'get', prfEnabled: true }, () =>
      authenticator.get({
        rpId: creation.rp.id,
        challenge: start.followUpChallenge,
        timeout: creation.timeout,
        userVerification: 'required',
        allowCredentials: [{ type: 'public-key', id: credentialId, ...(transports === undefined ? {} : { transports }) }],
        extensions: { prf: { evalByCredential: { [credentialId]: { first: creation.extensions.prf.eval.first } } } },
      }),
    );
    followUp = assertion.response;
    first = assertion.prf?.first;
    if (first === undefined) {
      signalUnused(creation.rp.id, credentialId);
      return step(api, { ceremonyId, stage: 'get', prfEnabled: true }, () => Promise.reject(uiError('PASSKEY_PRF_UNSUPPORTED')));
    }
  }
  return unwrap(
    await api.finishPasskeyEnrollment({
      ceremonyId,
      registration: registration.response,
      ...(followUp === undefined ? {} : { followUp }),
      prf: { first },
    }),
  );
}

/**
 * Unlock: get() over every passkey slot of the backup (evalByCredential with each slot's salt, and a
 * `second` salt when main rotates one). Returns the finished ceremony for unlockBackup / testPasskey /
 * renamePasskey; send it right away.
 */
export async function passkeyAssertion(api: CompanionApi, location?: BackupLocation): Promise<PasskeyUnlockInput> {
  const authenticator = await authenticatorFor(api);
  const start = unwrap(await api.startPasskeyUnlock(location === undefined ? {} : { location }));
  if (start.request.allowCredentials.length === 0) throw uiError('PASSKEY_NOT_FOUND');
  const { ceremonyId } = start;
  const assertion = await step(api, { ceremonyId, stage: 'get', prfEnabled: null }, () => authenticator.get(start.request));
  const { prf } = assertion;
  if (prf === undefined) {
    return step(api, { ceremonyId, stage: 'get', prfEnabled: null }, () => Promise.reject(uiError('PASSKEY_PRF_UNSUPPORTED')));
  }
  return { ceremonyId, assertion: assertion.response, prf };
}
