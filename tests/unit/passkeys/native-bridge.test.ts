// The macOS native path without macOS: a stand-in for electron-webauthn's module (the software
// authenticator behind its exact result shapes, standard base64 like AuthenticationServices hands
// out) drives the real bridge, and main verifies and enrols what comes back.
import type { BrowserWindow } from 'electron';
import { describe, expect, it } from 'vitest';
import {
  createNativeBridge,
  fromNativeCreate,
  fromNativeGet,
  nativeFailure,
  toNativeCreation,
  toNativeRequest,
  type NativeCreationOptions,
  type NativeRequestOptions,
  type NativeWebAuthn,
} from '../../../src-main/passkeys/native-bridge.ts';
import type { CreationOptionsJSON, RequestOptionsJSON } from '../../../src-main/passkeys/options.ts';
import { ORIGIN, profileWithBackup } from './passkey-fixture.ts';
import { SoftwareAuthenticator } from './software-authenticator.ts';

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const std = (base64url: string): string => Buffer.from(base64url, 'base64url').toString('base64');

function creationJSON(options: NativeCreationOptions): CreationOptionsJSON {
  return {
    ...options,
    user: { ...options.user, id: b64(options.user.id) },
    challenge: b64(options.challenge),
    excludeCredentials: options.excludeCredentials.map((entry) => ({ ...entry, id: b64(entry.id) })),
    extensions: { prf: { eval: { first: b64(options.extensions.prf.eval.first) } } },
  };
}

function requestJSON(options: NativeRequestOptions): RequestOptionsJSON {
  const evalByCredential: RequestOptionsJSON['extensions']['prf']['evalByCredential'] = {};
  for (const [id, salts] of Object.entries(options.extensions.prf.evalByCredential)) {
    evalByCredential[id] =
      salts.second === undefined ? { first: b64(salts.first) } : { first: b64(salts.first), second: b64(salts.second) };
  }
  return {
    ...options,
    challenge: b64(options.challenge),
    allowCredentials: options.allowCredentials.map((entry) => ({ ...entry, id: b64(entry.id) })),
    extensions: { prf: { evalByCredential } },
  };
}

/** electron-webauthn's module, played by the software authenticator. */
function fakeModule(authenticator: SoftwareAuthenticator, seen: string[]): NativeWebAuthn {
  return {
    createCredential: (options, extra) => {
      seen.push(extra.currentOrigin);
      const { registration, prf } = authenticator.create(creationJSON(options));
      return Promise.resolve({
        success: true,
        data: {
          credentialId: std(registration.id),
          clientDataJSON: std(registration.response.clientDataJSON),
          attestationObject: std(registration.response.attestationObject),
          transports: ['internal', 'Not A Transport'],
          extensions: { prf: { enabled: true, results: prf === undefined ? {} : { first: std(prf.first) } } },
        },
      });
    },
    getCredential: (options, extra) => {
      seen.push(extra.currentOrigin);
      const { assertion, prf } = authenticator.get(requestJSON(options));
      return Promise.resolve({
        success: true,
        data: {
          credentialId: std(assertion.id),
          clientDataJSON: std(assertion.response.clientDataJSON),
          authenticatorData: std(assertion.response.authenticatorData),
          signature: std(assertion.response.signature),
          userHandle: '',
          extensions: {
            prf: { results: prf.second === undefined ? { first: std(prf.first) } : { first: std(prf.first), second: std(prf.second) } },
          },
        },
      });
    },
  };
}

const context = () => ({ currentOrigin: ORIGIN, topFrameOrigin: undefined, nativeWindowHandle: Buffer.alloc(8) });

describe('native macOS bridge', () => {
  it('enrols, tests and rotates through electron-webauthn-shaped results, verified by main as usual', async () => {
    const profile = await profileWithBackup();
    const seen: string[] = [];
    const native = fakeModule(new SoftwareAuthenticator({ origin: ORIGIN }), seen);
    const bridge = createNativeBridge(() => Promise.resolve(native), context);
    const started = await profile.call('startPasskeyEnrollment', { label: 'Touch ID' });
    const created = await bridge.create(started.creation);
    expect(created.prfEnabled).toBe(true);
    expect(created.registration.response.transports).toEqual(['internal']);
    const summary = await profile.call('finishPasskeyEnrollment', {
      ceremonyId: started.ceremonyId,
      registration: created.registration,
      prf: created.prf,
    });
    expect(summary.label).toBe('Touch ID');
    const unlock = await profile.call('startPasskeyUnlock', {});
    const answer = await bridge.get(unlock.request);
    expect(answer.prf.second).toBeDefined();
    const tested = await profile.call('testPasskey', { ceremonyId: unlock.ceremonyId, ...answer });
    expect(tested.slotId).not.toBe(summary.slotId);
    expect(seen).toEqual([ORIGIN, ORIGIN]);
  });

  it('converts options to bytes exactly, PRF salts included', () => {
    const creation = toNativeCreation({
      rp: { id: 'companion.example', name: 'Companion' },
      user: { id: 'AAEC', name: 'n', displayName: 'd' },
      challenge: 'AwQF',
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      timeout: 1000,
      excludeCredentials: [{ type: 'public-key', id: 'BgcI', transports: ['usb'] }],
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
      attestation: 'none',
      extensions: { prf: { eval: { first: 'CQoL' } } },
    });
    expect([...creation.user.id, ...creation.challenge, ...(creation.excludeCredentials[0]?.id ?? [])]).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    expect([...creation.extensions.prf.eval.first]).toEqual([9, 10, 11]);
    const request = toNativeRequest({
      rpId: 'companion.example',
      challenge: 'AAEC',
      timeout: 1000,
      userVerification: 'required',
      allowCredentials: [{ type: 'public-key', id: 'BgcI' }],
      extensions: { prf: { evalByCredential: { BgcI: { first: 'CQoL', second: 'DA0O' } } } },
    });
    expect(Object.keys(request.extensions.prf.evalByCredential)).toEqual(['BgcI']);
    expect([...(request.extensions.prf.evalByCredential['BgcI']?.second ?? [])]).toEqual([12, 13, 14]);
  });

  it('maps each native failure to its code', () => {
    expect(nativeFailure('NotAllowedError', 'get').toData()).toMatchObject({ code: 'PASSKEY_CEREMONY_CANCELLED' });
    expect(nativeFailure('AbortError', 'create').toData()).toMatchObject({ code: 'PASSKEY_CEREMONY_CANCELLED' });
    expect(nativeFailure('InvalidStateError', 'create').toData()).toMatchObject({
      code: 'PASSKEY_CEREMONY_CANCELLED',
      details: { reason: 'already-enrolled' },
    });
    expect(nativeFailure('SecurityError', 'get').toData()).toMatchObject({
      code: 'PASSKEY_VERIFICATION_FAILED',
      details: { check: 'rp-id' },
    });
    expect(nativeFailure('TypeError', 'get').toData()).toMatchObject({ code: 'INTERNAL_ERROR' });
    expect(() => fromNativeCreate({ success: false, error: 'NotAllowedError' })).toThrow(
      expect.objectContaining({ code: 'PASSKEY_CEREMONY_CANCELLED' }),
    );
  });

  it('a provider without PRF: enabled false at create, no results at get', () => {
    const created = fromNativeCreate({
      success: true,
      data: {
        credentialId: 'AAEC',
        clientDataJSON: 'e30=',
        attestationObject: 'oA==',
        transports: [],
        extensions: { prf: { enabled: false, results: {} } },
      },
    });
    expect(created).toMatchObject({ prfEnabled: false, registration: { clientExtensionResults: { prf: { enabled: false } } } });
    expect(created.prf).toBeUndefined();
    expect(() =>
      fromNativeGet({
        success: true,
        data: { credentialId: 'AAEC', clientDataJSON: 'e30=', authenticatorData: 'AA==', signature: 'AA==', userHandle: '' },
      }),
    ).toThrow(expect.objectContaining({ code: 'PASSKEY_PRF_UNSUPPORTED' }));
  });

  it('without the module or a window it says so instead of hanging', async () => {
    const bridge = createNativeBridge(
      () => Promise.resolve(null),
      () => null,
    );
    await expect(
      bridge.get({
        rpId: 'x',
        challenge: 'AA',
        timeout: 1,
        userVerification: 'required',
        allowCredentials: [],
        extensions: { prf: { evalByCredential: {} } },
      }),
    ).rejects.toMatchObject({ code: 'PASSKEY_PRF_UNSUPPORTED', details: { stage: 'native-bridge' } });
  });
});

describe('the native calls in the handler table', () => {
  it('report the path, and refuse native ceremonies on a host whose path is the renderer', async () => {
    const profile = await profileWithBackup();
    expect(await profile.call('getPasskeyPath', {})).toEqual({ path: 'renderer-webauthn' });
    const started = await profile.call('startPasskeyEnrollment', { label: 'x' });
    expect(await profile.fail('nativeCreatePasskey', { creation: started.creation })).toMatchObject({
      code: 'INTERNAL_ERROR',
      details: { path: 'renderer-webauthn' },
    });
  });
});

describe('the Electron side of the bridge (src-main/app/macos-passkeys.ts)', () => {
  it('where electron-webauthn is not installed, says the native bridge is missing instead of failing obscurely', async () => {
    const { macosPasskeyBridge } = await import('../../../src-main/app/macos-passkeys.ts');
    const window = { getNativeWindowHandle: () => Buffer.alloc(8) } as unknown as BrowserWindow;
    const bridge = macosPasskeyBridge(() => window, ORIGIN);
    const request: RequestOptionsJSON = {
      rpId: 'localhost',
      challenge: 'AAEC',
      timeout: 1000,
      userVerification: 'required',
      allowCredentials: [{ type: 'public-key', id: 'AAEC' }],
      extensions: { prf: { evalByCredential: { AAEC: { first: 'AAEC' } } } },
    };
    await expect(bridge.get(request)).rejects.toMatchObject({ code: 'PASSKEY_PRF_UNSUPPORTED', details: { stage: 'native-bridge' } });
  });
});
