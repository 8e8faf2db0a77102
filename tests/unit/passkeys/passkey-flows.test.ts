// The passkey calls end to end through dispatch, against a real repository and the software
// authenticator: enrol, list, test (with salt rotation), rename, remove, and unlock on a new computer.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallOutput } from '../../../src-shared/contract.ts';
import { openRepository } from '../../../src-main/backup/repository/repository.ts';
import { createFolderDestination } from '../../../src-main/backup/destination/folder.ts';
import { idToHex, newId } from '../../../src-main/crypto/ids.ts';
import { fresh32 } from '../../../src-main/passkeys/ceremonies.ts';
import { unlockRepositoryWithPasskey } from '../../../src-main/passkeys/passkey-unlock.ts';
import { openProfileRepository } from '../../../src-main/passkeys/profile-repository.ts';
import { ORIGIN, newComputer, profileWithBackup, type Fixture } from './passkey-fixture.ts';
import { SoftwareAuthenticator, type AuthenticatorOptions } from './software-authenticator.ts';

async function enrol(fixture: Fixture, authenticator: SoftwareAuthenticator, label = 'Laptop') {
  const started = await fixture.call('startPasskeyEnrollment', { label });
  const { registration, prf } = authenticator.create(started.creation);
  if (prf !== undefined) return fixture.call('finishPasskeyEnrollment', { ceremonyId: started.ceremonyId, registration, prf });
  // PRF enabled without results: the follow-up get() for the new credential, with the same salt.
  const { assertion, prf: followUpPrf } = authenticator.get({
    rpId: started.creation.rp.id,
    challenge: started.followUpChallenge,
    timeout: started.creation.timeout,
    userVerification: 'required',
    allowCredentials: [{ type: 'public-key', id: registration.id }],
    extensions: { prf: { evalByCredential: { [registration.id]: { first: started.creation.extensions.prf.eval.first } } } },
  });
  return fixture.call('finishPasskeyEnrollment', {
    ceremonyId: started.ceremonyId,
    registration,
    followUp: assertion,
    prf: { first: followUpPrf.first },
  });
}

const keyFiles = async (dir: string): Promise<string[]> => (await readdir(path.join(dir, 'keys'))).sort();
const authenticatorFor = (options: Partial<AuthenticatorOptions> = {}) => new SoftwareAuthenticator({ origin: ORIGIN, ...options });

describe('option issuing', () => {
  it('creation options: RP, a 32-byte challenge, UV required, ES256/RS256, a fresh PRF salt, existing passkeys excluded', async () => {
    const profile = await profileWithBackup();
    const first = await profile.call('startPasskeyEnrollment', { label: 'Laptop' });
    expect(first.creation).toMatchObject({
      rp: { id: 'localhost', name: 'Companion' },
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
      attestation: 'none',
      excludeCredentials: [],
    });
    expect(first.creation.pubKeyCredParams.map((param) => param.alg)).toEqual(expect.arrayContaining([-7, -257]));
    for (const value of [first.creation.challenge, first.followUpChallenge, first.creation.extensions.prf.eval.first]) {
      expect(Buffer.from(value, 'base64url')).toHaveLength(32);
    }
    const second = await profile.call('startPasskeyEnrollment', { label: 'Laptop' });
    expect(second.creation.challenge).not.toBe(first.creation.challenge);
    expect(second.creation.extensions.prf.eval.first).not.toBe(first.creation.extensions.prf.eval.first);
    // The user handle is stable for the repository, and reveals nothing of its id.
    expect(second.creation.user.id).toBe(first.creation.user.id);
    expect(Buffer.from(first.creation.user.id, 'base64url')).toHaveLength(32);

    const authenticator = authenticatorFor();
    const enrolled = await enrol(profile, authenticator);
    const third = await profile.call('startPasskeyEnrollment', { label: 'Phone' });
    expect(third.creation.excludeCredentials).toEqual([
      { type: 'public-key', id: [...authenticator.credentials.keys()][0], transports: ['hybrid', 'internal'] },
    ]);
    expect(enrolled.label).toBe('Laptop');
  });

  it('request options: every passkey slot, each with its own salt as PRF first, a rotation salt as second', async () => {
    const profile = await profileWithBackup();
    const a = authenticatorFor();
    const b = authenticatorFor();
    await enrol(profile, a, 'A');
    await enrol(profile, b, 'B');
    const { request } = await profile.call('startPasskeyUnlock', {});
    const ids = [...a.credentials.keys(), ...b.credentials.keys()];
    expect(request.allowCredentials.map((descriptor) => descriptor.id).sort()).toEqual([...ids].sort());
    expect(request.userVerification).toBe('required');
    const salts = Object.values(request.extensions.prf.evalByCredential);
    expect(new Set(salts.map((salt) => salt.first)).size).toBe(2);
    for (const salt of salts) expect(salt.second).toBeDefined();
    // A new computer gets the same allow list, without rotation.
    const fresh = newComputer();
    const remote = await fresh.call('startPasskeyUnlock', { location: profile.location });
    expect(Object.values(remote.request.extensions.prf.evalByCredential).map((salt) => salt.second)).toEqual([undefined, undefined]);
  });

  it('no passkey slot: PASSKEY_NOT_FOUND instead of an empty allow list', async () => {
    const profile = await profileWithBackup();
    expect(await profile.fail('startPasskeyUnlock', {})).toMatchObject({ code: 'PASSKEY_NOT_FOUND', details: { reason: 'no-slots' } });
  });

  it('passkeys for another RP ID are not offered', async () => {
    const profile = await profileWithBackup();
    await enrol(profile, authenticatorFor());
    const elsewhere = newComputer({ rpId: 'companion.example', origin: 'https://companion.example' });
    expect(await elsewhere.fail('startPasskeyUnlock', { location: profile.location })).toMatchObject({
      code: 'PASSKEY_NOT_FOUND',
      details: { reason: 'rp-id' },
    });
  });

  it('enrolment needs a configured backup and its cached key', async () => {
    expect((await newComputer().fail('startPasskeyEnrollment', { label: 'x' })).code).toBe('BACKUP_NOT_CONFIGURED');
  });
});

describe('enrolment', () => {
  it('adds a slot recording the credential, flags and salt; the settings list it as synced', async () => {
    const profile = await profileWithBackup();
    const before = await keyFiles(profile.location.path);
    const summary = await enrol(profile, authenticatorFor({ aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd' }), 'MacBook');
    expect(summary).toMatchObject({ label: 'MacBook', synced: true, backupEligible: true, transports: ['hybrid', 'internal'] });
    expect(summary.lastVerified).not.toBeNull();
    expect(await keyFiles(profile.location.path)).toHaveLength(before.length + 1);
    const locked = await openRepository(createFolderDestination(profile.location.path));
    expect(locked.slots.find((slot) => slot.slotId === summary.slotId)).toMatchObject({
      kind: 'passkey',
      rpId: 'localhost',
      aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
      backedUp: true,
    });
    const settings = await profile.call('getSecuritySettings', {});
    expect(settings).toMatchObject({ backupConfigured: true, recoverySlots: 1, allDeviceBound: false, rpId: 'localhost' });
    expect(settings.passkeys).toEqual([summary]);
  });

  it('works with the follow-up get() when create() gave no PRF results', async () => {
    const profile = await profileWithBackup();
    const authenticator = authenticatorFor({ prfAtCreate: false });
    const summary = await enrol(profile, authenticator);
    const { ceremonyId, request } = await profile.call('startPasskeyUnlock', {});
    const { assertion, prf } = authenticator.get(request);
    await expect(profile.call('testPasskey', { ceremonyId, assertion, prf })).resolves.toMatchObject({ label: summary.label });
  });

  it('a provider without PRF: PASSKEY_PRF_UNSUPPORTED, and nothing is enrolled', async () => {
    const profile = await profileWithBackup();
    const before = await keyFiles(profile.location.path);
    const started = await profile.call('startPasskeyEnrollment', { label: 'Old key' });
    const { registration } = authenticatorFor({ prf: false }).create(started.creation);
    const error = await profile.fail('finishPasskeyEnrollment', {
      ceremonyId: started.ceremonyId,
      registration,
      prf: { first: Buffer.alloc(32, 7).toString('base64url') },
    });
    expect(error.code).toBe('PASSKEY_PRF_UNSUPPORTED');
    expect(await keyFiles(profile.location.path)).toEqual(before);
  });

  it('a tampered registration or a reused ceremony enrols nothing', async () => {
    const profile = await profileWithBackup();
    const before = await keyFiles(profile.location.path);
    const authenticator = authenticatorFor();
    const started = await profile.call('startPasskeyEnrollment', { label: 'Laptop' });
    const bent = authenticator.create(started.creation, { origin: 'https://evil.example' });
    expect(await profile.fail('finishPasskeyEnrollment', { ceremonyId: started.ceremonyId, ...bent })).toMatchObject({
      code: 'PASSKEY_VERIFICATION_FAILED',
      details: { check: 'origin' },
    });
    // Single use: even a genuine answer to the same ceremony is refused now.
    const genuine = authenticator.create({ ...started.creation, excludeCredentials: [] });
    expect(await profile.fail('finishPasskeyEnrollment', { ceremonyId: started.ceremonyId, ...genuine })).toMatchObject({
      code: 'PASSKEY_CEREMONY_EXPIRED',
      details: { reason: 'unknown' },
    });
    expect(await keyFiles(profile.location.path)).toEqual(before);
    expect((await profile.call('getSecuritySettings', {})).passkeys).toEqual([]);
  });

  it('a device-bound passkey: allDeviceBound warns that it will not be on a new computer', async () => {
    const profile = await profileWithBackup();
    const summary = await enrol(profile, authenticatorFor({ backupEligible: false }));
    expect(summary).toMatchObject({ synced: false, backupEligible: false });
    expect((await profile.call('getSecuritySettings', {})).allDeviceBound).toBe(true);
    await enrol(profile, authenticatorFor(), 'Synced');
    expect((await profile.call('getSecuritySettings', {})).allDeviceBound).toBe(false);
  });
});

describe('test, rotate, rename, remove', () => {
  it('"Test passkey" verifies, rotates the salt to the second one in one assertion, and the new slot unlocks', async () => {
    const profile = await profileWithBackup();
    const authenticator = authenticatorFor();
    const enrolled = await enrol(profile, authenticator);
    const { ceremonyId, request } = await profile.call('startPasskeyUnlock', {});
    const [credentialId] = Object.keys(request.extensions.prf.evalByCredential);
    const salts = request.extensions.prf.evalByCredential[credentialId ?? ''];
    const { assertion, prf } = authenticator.get(request);
    const tested = await profile.call('testPasskey', { ceremonyId, assertion, prf });
    expect(tested.slotId).not.toBe(enrolled.slotId);
    expect(tested).toMatchObject({ label: enrolled.label, created: enrolled.created, synced: true });
    const locked = await openRepository(createFolderDestination(profile.location.path));
    const passkeys = locked.slots.filter((slot) => slot.kind === 'passkey');
    expect(passkeys.map((slot) => slot.slotId)).toEqual([tested.slotId]);
    expect(passkeys[0]).toMatchObject({ prfSalt: salts?.second, credentialId });
    // The next unlock evaluates the new salt, and opens.
    const again = await profile.call('startPasskeyUnlock', {});
    expect(again.request.extensions.prf.evalByCredential[credentialId ?? '']?.first).toBe(salts?.second);
    const next = authenticator.get(again.request);
    const retested = await profile.call('testPasskey', {
      ceremonyId: again.ceremonyId,
      assertion: next.assertion,
      prf: { first: next.prf.first },
    });
    expect(retested.slotId).toBe(tested.slotId);
  });

  it('a PRF output that does not open the slot after a verified ceremony is PASSKEY_SECRET_MISMATCH, and changes nothing', async () => {
    const profile = await profileWithBackup();
    const authenticator = authenticatorFor();
    await enrol(profile, authenticator);
    const before = await keyFiles(profile.location.path);
    const { ceremonyId, request } = await profile.call('startPasskeyUnlock', {});
    const { assertion } = authenticator.get(request);
    const other = { first: Buffer.alloc(32, 1).toString('base64url'), second: Buffer.alloc(32, 2).toString('base64url') };
    expect((await profile.fail('testPasskey', { ceremonyId, assertion, prf: other })).code).toBe('PASSKEY_SECRET_MISMATCH');
    expect(await keyFiles(profile.location.path)).toEqual(before);
  });

  it('user verification failing is PASSKEY_USER_NOT_VERIFIED, and changes nothing', async () => {
    const profile = await profileWithBackup();
    const authenticator = authenticatorFor();
    await enrol(profile, authenticator);
    const before = await keyFiles(profile.location.path);
    const { ceremonyId, request } = await profile.call('startPasskeyUnlock', {});
    const { assertion, prf } = authenticator.get(request, { userVerified: false });
    expect((await profile.fail('testPasskey', { ceremonyId, assertion, prf })).code).toBe('PASSKEY_USER_NOT_VERIFIED');
    expect(await keyFiles(profile.location.path)).toEqual(before);
  });

  it('rename re-wraps under the new label with that passkey; another passkey cannot rename it', async () => {
    const profile = await profileWithBackup();
    const a = authenticatorFor();
    const b = authenticatorFor();
    const slotA = await enrol(profile, a, 'A');
    await enrol(profile, b, 'B');
    const wrong = await profile.call('startPasskeyUnlock', {});
    const byB = b.get(wrong.request);
    expect(
      await profile.fail('renamePasskey', { ceremonyId: wrong.ceremonyId, ...byB, slotId: slotA.slotId, label: 'Hijacked' }),
    ).toMatchObject({ code: 'PASSKEY_VERIFICATION_FAILED', details: { check: 'credential' } });
    const right = await profile.call('startPasskeyUnlock', {});
    const byA = a.get(right.request);
    const renamed = await profile.call('renamePasskey', {
      ceremonyId: right.ceremonyId,
      ...byA,
      slotId: slotA.slotId,
      label: 'Work laptop',
    });
    expect(renamed.label).toBe('Work laptop');
    const labels = (await profile.call('getSecuritySettings', {})).passkeys.map((passkey) => passkey.label).sort();
    expect(labels).toEqual(['B', 'Work laptop']);
  });

  it('remove: the removed passkey no longer unlocks; the other still does', async () => {
    const profile = await profileWithBackup();
    const a = authenticatorFor();
    const b = authenticatorFor();
    const slotA = await enrol(profile, a, 'A');
    await enrol(profile, b, 'B');
    const after: CallOutput<'removePasskey'> = await profile.call('removePasskey', { slotId: slotA.slotId });
    expect(after.passkeys.map((passkey) => passkey.label)).toEqual(['B']);
    const { request, ceremonyId } = await profile.call('startPasskeyUnlock', {});
    expect(() => a.get(request)).toThrow('NotAllowedError');
    const byB = b.get(request);
    await expect(profile.call('testPasskey', { ceremonyId, ...byB })).resolves.toMatchObject({ label: 'B' });
    expect((await profile.fail('removePasskey', { slotId: slotA.slotId })).code).toBe('PASSKEY_NOT_FOUND');
  });
});

describe('after a crash in the middle of a rotation', () => {
  it('two slots for one credential: the request names the credential once, and it unlocks', async () => {
    const profile = await profileWithBackup();
    const authenticator = authenticatorFor();
    const enrolled = await enrol(profile, authenticator);
    // What a rotation leaves behind when it stops between writing the new slot and removing the old.
    const { repository } = await openProfileRepository(profile.context);
    try {
      const old = (await repository.slots()).slots.find((slot) => slot.slotId === enrolled.slotId);
      if (old?.kind !== 'passkey') throw new Error('no passkey slot');
      const salt = fresh32();
      const secret = Buffer.from(authenticator.prf(old.credentialId, salt), 'base64url');
      await repository.addSlot({ ...old, slotId: idToHex(newId()), prfSalt: salt }, secret);
    } finally {
      repository.close();
    }
    const { ceremonyId, request } = await profile.call('startPasskeyUnlock', {});
    expect(request.allowCredentials).toHaveLength(1);
    const answer = authenticator.get(request);
    await expect(profile.call('testPasskey', { ceremonyId, ...answer })).resolves.toMatchObject({ label: enrolled.label });
  });
});

describe('the last way to unlock', () => {
  it('is never removed: with the recovery slot gone, the only passkey stays (PASSKEY_LAST_UNLOCK_METHOD)', async () => {
    const profile = await profileWithBackup();
    const only = await enrol(profile, authenticatorFor());
    const locked = await openRepository(createFolderDestination(profile.location.path));
    const recovery = locked.slots.find((slot) => slot.kind === 'recovery');
    await rm(path.join(profile.location.path, 'keys', recovery?.slotId ?? ''));
    expect(await profile.fail('removePasskey', { slotId: only.slotId })).toMatchObject({
      code: 'PASSKEY_LAST_UNLOCK_METHOD',
      details: { slotId: only.slotId },
    });
    expect((await profile.call('getSecuritySettings', {})).passkeys.map((passkey) => passkey.slotId)).toEqual([only.slotId]);
  });
});

describe('unlock on a new computer', () => {
  it('the synced passkey unlocks the backup at that location; the ceremony is bound to it and used once', async () => {
    const profile = await profileWithBackup();
    const authenticator = authenticatorFor();
    await enrol(profile, authenticator);
    const computer = newComputer();
    const { ceremonyId, request } = await computer.call('startPasskeyUnlock', { location: profile.location });
    const answer = authenticator.get(request);
    const repository = await unlockRepositoryWithPasskey(computer.context, profile.location, { ceremonyId, ...answer });
    try {
      expect(repository.unlockedWith.kind).toBe('passkey');
    } finally {
      repository.close();
    }
    const replay = await computer.fail('unlockBackup', { location: profile.location, unlock: { kind: 'passkey', ceremonyId, ...answer } });
    expect(replay.code).toBe('PASSKEY_CEREMONY_EXPIRED');
    // Through the contract, and bound to the location it was issued for.
    const second = await computer.call('startPasskeyUnlock', { location: profile.location });
    const other = { kind: 'folder', path: path.join(path.dirname(profile.location.path), 'elsewhere') };
    const moved = await computer.fail('unlockBackup', {
      location: other,
      unlock: { kind: 'passkey', ceremonyId: second.ceremonyId, ...authenticator.get(second.request) },
    });
    expect(moved).toMatchObject({ code: 'PASSKEY_CEREMONY_EXPIRED', details: { reason: 'location' } });
    const third = await computer.call('startPasskeyUnlock', { location: profile.location });
    const unlocked = await computer.call('unlockBackup', {
      location: profile.location,
      unlock: { kind: 'passkey', ceremonyId: third.ceremonyId, ...authenticator.get(third.request) },
    });
    expect(unlocked.snapshots).toEqual([]);
  });

  it('a credential the request did not name is refused', async () => {
    const profile = await profileWithBackup();
    const authenticator = authenticatorFor();
    await enrol(profile, authenticator);
    const stranger = authenticatorFor();
    const computer = newComputer();
    const { ceremonyId, request } = await computer.call('startPasskeyUnlock', { location: profile.location });
    await enrol(await profileWithBackup(), stranger);
    const [strangerId] = [...stranger.credentials.keys()];
    const answer = stranger.get(request, { credentialId: strangerId });
    const error = await computer.fail('unlockBackup', { location: profile.location, unlock: { kind: 'passkey', ceremonyId, ...answer } });
    expect(error).toMatchObject({ code: 'PASSKEY_VERIFICATION_FAILED', details: { check: 'credential' } });
  });
});
