// The keyring as files in a real repository: adding and removing slots, the last recovery slot, and
// slots that someone without BK slipped into the folder.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRepository, RECOVERY_SLOT_LABEL } from '../../../../src-main/backup/repository/repository.ts';
import type { UnlockedRepository } from '../../../../src-main/backup/repository/repository.ts';
import { idToHex, newId } from '../../../../src-main/crypto/ids.ts';
import { createSlot } from '../../../../src-main/crypto/keyring.ts';
import type { PasskeySlotHeader, RecoverySlotHeader } from '../../../../src-main/crypto/keyring.ts';
import { formatRecoveryKey, generateRecoveryKey } from '../../../../src-main/crypto/recovery-key.ts';
import { randomBytes } from '../../../../src-main/crypto/sodium.ts';
import { expectAppErrorAsync, newRepository } from '../../../helpers/backup-repo.ts';
import { expectAppError } from '../../crypto/crypto-test-helpers.ts';

const created = '2025-06-01T12:00:00.000Z';

function passkeyHeader(repository: UnlockedRepository, label = 'iCloud Keychain'): PasskeySlotHeader {
  return {
    kind: 'passkey',
    slotId: idToHex(newId()),
    repositoryId: repository.config.repositoryId,
    label,
    created,
    rpId: 'backup.example.com',
    credentialId: randomBytes(32).toString('base64url'),
    publicKey: randomBytes(77).toString('base64url'),
    transports: ['hybrid', 'internal'],
    aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
    backupEligible: true,
    backedUp: true,
    prfSalt: randomBytes(32).toString('base64url'),
  };
}

function recoveryHeader(repository: UnlockedRepository): RecoverySlotHeader {
  return { kind: 'recovery', slotId: idToHex(newId()), repositoryId: repository.config.repositoryId, label: RECOVERY_SLOT_LABEL, created };
}

describe('adding slots', () => {
  it('a passkey slot unlocks the repository with its PRF output; another PRF output is named precisely', async () => {
    const { destination, repository } = await newRepository();
    const header = passkeyHeader(repository);
    const prf = randomBytes(32);
    await repository.addSlot(header, prf);
    const listing = await repository.slots();
    expect(listing.slots.map((slot) => slot.kind).sort()).toEqual(['passkey', 'recovery']);
    expect(listing.rejected).toEqual([]);

    const locked = await openRepository(destination);
    const unlocked = locked.unlockWithPasskey(header.slotId, prf);
    expect(unlocked.backupKey.equals(repository.backupKey)).toBe(true);
    expect(unlocked.unlockedWith).toEqual({ kind: 'passkey', slotId: header.slotId });
    unlocked.close();
    expectAppError(() => locked.unlockWithPasskey(header.slotId, randomBytes(32)), 'PASSKEY_SECRET_MISMATCH', { slotId: header.slotId });
    expectAppError(() => locked.unlockWithPasskey(idToHex(newId()), prf), 'BACKUP_OBJECT_MISSING');
  });

  it('refuses a slot id that is already taken', async () => {
    const { repository } = await newRepository();
    const header = passkeyHeader(repository);
    await repository.addSlot(header, randomBytes(32));
    await expectAppErrorAsync(() => repository.addSlot({ ...header, label: 'Again' }, randomBytes(32)), 'BACKUP_OBJECT_EXISTS');
  });
});

describe('removing slots', () => {
  it('needs a held exclusive lock', async () => {
    const { repository } = await newRepository();
    const header = passkeyHeader(repository);
    await repository.addSlot(header, randomBytes(32));
    const shared = await repository.acquireLock('shared', 'verify');
    await expect(repository.removeSlot(header.slotId, shared)).rejects.toThrow(TypeError);
    await shared.release();
    const exclusive = await repository.acquireLock('exclusive', 'remove-slot');
    await exclusive.release();
    await expect(repository.removeSlot(header.slotId, exclusive)).rejects.toThrow(TypeError);
  });

  it('removes a passkey slot, and replaces the recovery key but never removes the last one', async () => {
    const { destination, repository, recoveryKey } = await newRepository();
    const [original] = (await repository.slots()).slots;
    const passkey = passkeyHeader(repository);
    await repository.addSlot(passkey, randomBytes(32));
    const lock = await repository.acquireLock('exclusive', 'remove-slot');
    try {
      await repository.removeSlot(passkey.slotId, lock);
      await expectAppErrorAsync(() => repository.removeSlot(original?.slotId ?? '', lock), 'BACKUP_LAST_RECOVERY_SLOT');

      // A new recovery key first, then the old one can go.
      const rk = generateRecoveryKey();
      const replacement = recoveryHeader(repository);
      await repository.addSlot(replacement, rk);
      await repository.removeSlot(original?.slotId ?? '', lock);
      expect((await repository.slots()).slots.map((slot) => slot.slotId)).toEqual([replacement.slotId]);
      await expectAppErrorAsync(() => repository.removeSlot(replacement.slotId, lock), 'BACKUP_LAST_RECOVERY_SLOT');

      const locked = await openRepository(destination);
      expectAppError(() => locked.unlockWithRecoveryKey(recoveryKey), 'RECOVERY_KEY_WRONG');
      locked.unlockWithRecoveryKey(formatRecoveryKey(rk)).close();
    } finally {
      await lock.release();
    }
  });
});

describe('slots written without BK', () => {
  it('a passkey slot slipped into keys/ is rejected on unlock and can never unlock (§7.4 step 7)', async () => {
    const { dir, destination, repository, recoveryKey } = await newRepository();
    const attackerBk = randomBytes(32);
    const attackerPrf = randomBytes(32);
    const header = passkeyHeader(repository, 'Looks legitimate');
    await writeFile(path.join(dir, 'keys', header.slotId), createSlot(attackerBk, attackerPrf, header));

    const locked = await openRepository(destination);
    expect(locked.slots.map((slot) => slot.slotId)).toContain(header.slotId); // parses: only BK can tell
    const unlocked = locked.unlockWithRecoveryKey(recoveryKey);
    expect(unlocked.rejectedSlots).toEqual([{ slotId: header.slotId, code: 'BACKUP_KEYRING_TAMPERED', reason: 'keyring-mac' }]);
    expect((await unlocked.slots()).slots.map((slot) => slot.kind)).toEqual(['recovery']);
    unlocked.close();
    // Its own PRF output opens it to the attacker's BK, which is not this repository's key.
    expectAppError(() => locked.unlockWithPasskey(header.slotId, attackerPrf), 'BACKUP_KEYRING_TAMPERED', { reason: 'key-id' });
  });

  it('an edited slot is rejected too, and a rejected slot can be removed', async () => {
    const { dir, destination, repository, recoveryKey } = await newRepository();
    const header = passkeyHeader(repository);
    await repository.addSlot(header, randomBytes(32));
    const file = path.join(dir, 'keys', header.slotId);
    const bytes = await readFile(file);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1; // the keyring MAC
    await writeFile(file, bytes);
    const unlocked = (await openRepository(destination)).unlockWithRecoveryKey(recoveryKey);
    expect(unlocked.rejectedSlots).toEqual([{ slotId: header.slotId, code: 'BACKUP_KEYRING_TAMPERED', reason: 'keyring-mac' }]);
    const lock = await unlocked.acquireLock('exclusive', 'remove-slot');
    await unlocked.removeSlot(header.slotId, lock);
    await lock.release();
    expect(await readdir(path.join(dir, 'keys'))).toHaveLength(1);
    unlocked.close();
  });

  it('unparseable and newer-version slots are set aside before unlocking, with their reason', async () => {
    const { dir, destination, recoveryKey } = await newRepository();
    const garbage = idToHex(newId());
    const newer = idToHex(newId());
    await writeFile(path.join(dir, 'keys', garbage), 'not a slot');
    const future = Buffer.alloc(200);
    future.write('CPBS', 0, 'ascii');
    future[4] = 2;
    future[5] = 1;
    await writeFile(path.join(dir, 'keys', newer), future);
    const locked = await openRepository(destination);
    expect([...locked.unreadableSlots].sort((a, b) => a.slotId.localeCompare(b.slotId))).toEqual(
      [
        { slotId: garbage, code: 'BACKUP_KEYRING_TAMPERED', reason: 'length' },
        { slotId: newer, code: 'BACKUP_FORMAT_UNSUPPORTED', reason: 'slotVersion' },
      ].sort((a, b) => a.slotId.localeCompare(b.slotId)),
    );
    locked.unlockWithRecoveryKey(recoveryKey).close();
    expectAppError(() => locked.unlockWithPasskey(garbage, randomBytes(32)), 'BACKUP_KEYRING_TAMPERED', { reason: 'length' });
  });
});
