// The native bridge's PRF output stays in main: the renderer only ever sees a stand-in, which main
// swaps back when the ceremony finishes.
import { describe, expect, it } from 'vitest';
import { holdPrf, takeHeldPrf } from '../../../src-main/passkeys/held-prf.ts';
import { prfBytes } from '../../../src-main/passkeys/prf.ts';
import { ORIGIN, profileWithBackup } from './passkey-fixture.ts';
import { SoftwareAuthenticator } from './software-authenticator.ts';

describe('held PRF output', () => {
  it('is replaced by a stand-in of the same shape that says nothing about it, and is given back once', () => {
    const real = Buffer.alloc(32, 0x5a);
    const handle = holdPrf(real);
    expect(handle).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(handle).not.toBe(real.toString('base64url'));
    expect(prfBytes(handle).equals(real)).toBe(true);
    expect(takeHeldPrf(handle)).toBeNull(); // single use
    // Real output that the renderer sends (the WebAuthn path) is decoded as before.
    expect(prfBytes(real.toString('base64url')).equals(real)).toBe(true);
  });

  it('expires after five minutes', () => {
    const now = Date.now();
    const handle = holdPrf(Buffer.alloc(32, 1), now);
    expect(takeHeldPrf(handle, now + 5 * 60 * 1000 + 1)).toBeNull();
  });

  it('finishes an enrolment whose PRF output never left main', async () => {
    const profile = await profileWithBackup();
    const authenticator = new SoftwareAuthenticator({ origin: ORIGIN });
    const started = await profile.call('startPasskeyEnrollment', { label: 'Mac' });
    const { registration, prf } = authenticator.create(started.creation);
    if (prf === undefined) throw new Error('the software authenticator returns PRF output at create');
    // What the native handler does with the bridge's output before answering the renderer.
    const standIn = holdPrf(Buffer.from(prf.first, 'base64url'));
    const enrolled = await profile.call('finishPasskeyEnrollment', {
      ceremonyId: started.ceremonyId,
      registration,
      prf: { first: standIn },
    });
    expect(enrolled.label).toBe('Mac');
    // And the slot opens with the authenticator's real output.
    const unlock = await profile.call('startPasskeyUnlock', {});
    const answer = authenticator.get(unlock.request);
    expect(
      (await profile.call('testPasskey', { ceremonyId: unlock.ceremonyId, assertion: answer.assertion, prf: answer.prf })).slotId,
    ).toMatch(/^[0-9a-f]{32}$/);
  });
});
