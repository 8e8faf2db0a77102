// Response verification on genuine responses from the software authenticator, each bent in exactly
// one way: every bend is refused, and refused with the check that names it.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.ts';
import { creationOptions, requestOptions } from '../../../src-main/passkeys/options.ts';
import { verifyAssertion, verifyRegistration } from '../../../src-main/passkeys/verify.ts';
import type { PasskeySlotHeader } from '../../../src-main/crypto/slot-header.ts';
import { fresh32 } from '../../../src-main/passkeys/ceremonies.ts';
import { SoftwareAuthenticator, type Bend } from './software-authenticator.ts';

const relyingParty = { rpId: 'companion.example', origin: 'https://companion.example' };

function creation(challenge = fresh32()) {
  return creationOptions({
    relyingParty,
    userHandle: fresh32(),
    repositoryId: 'a'.repeat(32),
    challenge,
    prfSalt: fresh32(),
    existing: [],
  });
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; details: unknown }> {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  return { code: appError.code, details: appError.details };
}

const bends: ReadonlyArray<[string, Bend, string, Record<string, string> | undefined]> = [
  ['another challenge', { challenge: fresh32() }, 'PASSKEY_VERIFICATION_FAILED', { check: 'challenge' }],
  ['another origin', { origin: 'https://evil.example' }, 'PASSKEY_VERIFICATION_FAILED', { check: 'origin' }],
  ['the origin on another port', { origin: 'https://companion.example:8443' }, 'PASSKEY_VERIFICATION_FAILED', { check: 'origin' }],
  ['another RP ID hash', { rpId: 'evil.example' }, 'PASSKEY_VERIFICATION_FAILED', { check: 'rp-id' }],
  ['another ceremony type', { type: 'payment.get' }, 'PASSKEY_VERIFICATION_FAILED', { check: 'type' }],
  ['no user verification (UV flag clear)', { userVerified: false }, 'PASSKEY_USER_NOT_VERIFIED', undefined],
];

describe('registration responses', () => {
  it('a genuine registration yields the credential, its public key, transports, AAGUID and BE/BS flags', async () => {
    const authenticator = new SoftwareAuthenticator({
      origin: relyingParty.origin,
      aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
      transports: ['internal', 'hybrid'],
    });
    const options = creation();
    const { registration } = authenticator.create(options);
    const verified = await verifyRegistration(registration, options.challenge, relyingParty);
    expect(verified).toMatchObject({
      credentialId: registration.id,
      transports: ['hybrid', 'internal'],
      aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
      backupEligible: true,
      backedUp: true,
    });
    expect(Buffer.from(verified.publicKey, 'base64url').length).toBeGreaterThan(64);
  });

  it('a device-bound credential reports BE and BS clear', async () => {
    const authenticator = new SoftwareAuthenticator({ origin: relyingParty.origin, backupEligible: false });
    const options = creation();
    const verified = await verifyRegistration(authenticator.create(options).registration, options.challenge, relyingParty);
    expect(verified).toMatchObject({ backupEligible: false, backedUp: false });
  });

  for (const [name, bend, code, details] of bends) {
    it(`refuses ${name}`, async () => {
      const authenticator = new SoftwareAuthenticator({ origin: relyingParty.origin });
      const options = creation();
      const { registration } = authenticator.create(options, bend);
      const error = await rejection(verifyRegistration(registration, options.challenge, relyingParty));
      expect(error.code).toBe(code);
      if (details !== undefined) expect(error.details).toEqual(details);
    });
  }

  it('refuses a response whose id and rawId differ', async () => {
    const authenticator = new SoftwareAuthenticator({ origin: relyingParty.origin });
    const options = creation();
    const { registration } = authenticator.create(options);
    const error = await rejection(verifyRegistration({ ...registration, id: fresh32() }, options.challenge, relyingParty));
    expect(error).toEqual({ code: 'PASSKEY_VERIFICATION_FAILED', details: { check: 'credential' } });
  });
});

describe('assertion responses', () => {
  async function enrolled(authenticator: SoftwareAuthenticator) {
    const options = creation();
    const verified = await verifyRegistration(authenticator.create(options).registration, options.challenge, relyingParty);
    const slot = { credentialId: verified.credentialId, publicKey: verified.publicKey, transports: [], prfSalt: fresh32() };
    return { verified, request: requestOptions(relyingParty.rpId, fresh32(), [{ slot: slot as unknown as PasskeySlotHeader }]) };
  }

  it('a genuine assertion verifies against the enrolled public key', async () => {
    const authenticator = new SoftwareAuthenticator({ origin: relyingParty.origin, backedUp: false });
    const { verified, request } = await enrolled(authenticator);
    const { assertion } = authenticator.get(request);
    await expect(verifyAssertion(assertion, request.challenge, relyingParty, verified)).resolves.toEqual({
      credentialId: verified.credentialId,
      backupEligible: true,
      backedUp: false,
    });
  });

  for (const [name, bend, code, details] of [
    ...bends,
    ['a broken signature', { badSignature: true }, 'PASSKEY_VERIFICATION_FAILED', { check: 'signature' }] as const,
  ]) {
    it(`refuses ${name}`, async () => {
      const authenticator = new SoftwareAuthenticator({ origin: relyingParty.origin });
      const { verified, request } = await enrolled(authenticator);
      const { assertion } = authenticator.get(request, bend);
      const error = await rejection(verifyAssertion(assertion, request.challenge, relyingParty, verified));
      expect(error.code).toBe(code);
      if (details !== undefined) expect(error.details).toEqual(details);
    });
  }

  it("refuses another credential's signature, even a genuine one", async () => {
    const authenticator = new SoftwareAuthenticator({ origin: relyingParty.origin });
    const first = await enrolled(authenticator);
    const second = await enrolled(authenticator);
    const { assertion } = authenticator.get(second.request);
    // Same id claimed, other key: the signature check fails.
    const error = await rejection(
      verifyAssertion(assertion, second.request.challenge, relyingParty, {
        credentialId: assertion.id,
        publicKey: first.verified.publicKey,
      }),
    );
    expect(error).toEqual({ code: 'PASSKEY_VERIFICATION_FAILED', details: { check: 'signature' } });
    // Another id than expected: refused before any signature work.
    const other = await rejection(verifyAssertion(assertion, second.request.challenge, relyingParty, first.verified));
    expect(other).toEqual({ code: 'PASSKEY_VERIFICATION_FAILED', details: { check: 'credential' } });
  });
});
