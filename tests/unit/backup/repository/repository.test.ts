// Creating, opening and unlocking a repository in a real folder, and every way `config` can be wrong.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Destination } from '../../../../src-main/backup/destination/destination.ts';
import { createFolderDestination } from '../../../../src-main/backup/destination/folder.ts';
import { initRepository, openRepository } from '../../../../src-main/backup/repository/repository.ts';
import { idToHex, newId } from '../../../../src-main/crypto/ids.ts';
import { deriveKeyId } from '../../../../src-main/crypto/kdf.ts';
import { formatRecoveryKey, generateRecoveryKey } from '../../../../src-main/crypto/recovery-key.ts';
import { randomBytes } from '../../../../src-main/crypto/sodium.ts';
import { expectAppErrorAsync, newRepository, tempFolder } from '../../../helpers/backup-repo.ts';
import { expectAppError } from '../../crypto/crypto-test-helpers.ts';

/** A destination that records the order of confirmed writes. */
function recording(inner: Destination, log: string[]): Destination {
  return {
    ...inner,
    put: async (name, body, options) => {
      const result = await inner.put(name, body, options);
      log.push(name);
      return result;
    },
  };
}

describe('initRepository', () => {
  it('writes the recovery slot first and config last, and returns RK once', async () => {
    const dir = await tempFolder();
    const writes: string[] = [];
    const created = new Date('2025-06-01T12:00:00.000Z');
    const { repository, recoveryKey } = await initRepository(recording(createFolderDestination(dir), writes), { now: () => created });
    try {
      expect(writes).toEqual([expect.stringMatching(/^keys\/[0-9a-f]{32}$/), 'config']);
      expect(recoveryKey.length).toBe(32);
      const config = JSON.parse(await readFile(path.join(dir, 'config'), 'utf8')) as Record<string, unknown>;
      expect(Object.keys(config)).toEqual(['format', 'version', 'suite', 'repositoryId', 'keyId', 'created']);
      expect(config).toMatchObject({ format: 'companion-backup', version: 1, suite: 1, created: created.toISOString() });
      expect(config['keyId']).toBe(deriveKeyId(repository.backupKey).toString('hex'));
      expect(repository.config).toEqual(config);
      expect(await readdir(dir)).toEqual(['config', 'keys']); // no temporary files, no other folders yet
    } finally {
      repository.close();
    }
  });

  it('uses a given BK (copied, so the caller keeps ownership of its buffer)', async () => {
    const bk = randomBytes(32);
    const { repository } = await newRepository({ backupKey: bk });
    expect(repository.backupKey.equals(bk)).toBe(true);
    expect(repository.config.keyId).toBe(deriveKeyId(bk).toString('hex'));
    repository.close();
    expect(bk.some((byte) => byte !== 0)).toBe(true);
  });

  it('refuses a destination that already holds a repository, and changes nothing', async () => {
    const { dir, destination } = await newRepository();
    const before = await readdir(path.join(dir, 'keys'));
    await expectAppErrorAsync(() => initRepository(destination), 'BACKUP_REPOSITORY_EXISTS', { reason: 'config' });
    expect(await readdir(path.join(dir, 'keys'))).toEqual(before);
  });

  it('refuses backup data without a config: creating over it would let prune delete it', async () => {
    const dir = await tempFolder();
    const pack = idToHex(newId());
    await mkdir(path.join(dir, 'data', pack.slice(0, 2)), { recursive: true });
    await writeFile(path.join(dir, 'data', pack.slice(0, 2), pack), 'a pack');
    await expectAppErrorAsync(() => initRepository(createFolderDestination(dir)), 'BACKUP_REPOSITORY_EXISTS', { reason: 'data' });
  });

  it('loses a creation race cleanly: config written by another computer meanwhile, our slot removed', async () => {
    const dir = await tempFolder();
    const inner = createFolderDestination(dir);
    const racing: Destination = {
      ...inner,
      put: async (name, body, options) => {
        if (name === 'config') await inner.put('config', Buffer.from('{"format":"companion-backup"}'), { ifAbsent: true });
        return inner.put(name, body, options);
      },
    };
    await expectAppErrorAsync(() => initRepository(racing), 'BACKUP_REPOSITORY_EXISTS', { reason: 'config' });
    expect(await readFile(path.join(dir, 'config'), 'utf8')).toBe('{"format":"companion-backup"}');
    expect(await readdir(path.join(dir, 'keys'))).toEqual([]);
  });

  it('never creates the destination folder itself', async () => {
    const dir = path.join(await tempFolder(), 'unplugged');
    await expectAppErrorAsync(() => initRepository(createFolderDestination(dir)), 'BACKUP_DESTINATION_UNAVAILABLE');
  });
});

describe('openRepository and unlocking', () => {
  it('shows config and the slot headers before unlocking', async () => {
    const { destination, repository } = await newRepository();
    const locked = await openRepository(destination);
    expect(locked.config).toEqual(repository.config);
    expect(locked.slots).toEqual([
      expect.objectContaining({ kind: 'recovery', label: 'Recovery key', repositoryId: repository.config.repositoryId }),
    ]);
    expect(locked.unreadableSlots).toEqual([]);
  });

  it('unlocks with the recovery key as typed (lower case, spaces), to the same BK', async () => {
    const { destination, repository, recoveryKey } = await newRepository();
    const unlocked = (await openRepository(destination)).unlockWithRecoveryKey(` ${recoveryKey.toLowerCase().replaceAll('-', ' ')} `);
    expect(unlocked.backupKey.equals(repository.backupKey)).toBe(true);
    expect(unlocked.unlockedWith).toEqual({ kind: 'recovery', slotId: (await openRepository(destination)).slots[0]?.slotId });
    expect(unlocked.rejectedSlots).toEqual([]);
    unlocked.close();
  });

  it('says RECOVERY_KEY_WRONG for a valid key of another backup, RECOVERY_KEY_TYPO for a mistyped one', async () => {
    const { destination, recoveryKey } = await newRepository();
    const locked = await openRepository(destination);
    const other = generateRecoveryKey();
    expectAppError(() => locked.unlockWithRecoveryKey(formatRecoveryKey(other)), 'RECOVERY_KEY_WRONG', { slots: 1 });
    const last = recoveryKey.at(-1) === '0' ? 'G' : '0';
    expectAppError(() => locked.unlockWithRecoveryKey(recoveryKey.slice(0, -1) + last), 'RECOVERY_KEY_TYPO', { problem: 'check' });
    expectAppError(() => locked.unlockWithRecoveryKey(recoveryKey.slice(0, -5)), 'RECOVERY_KEY_TYPO', { problem: 'length' });
  });

  it('unlocks with a cached BK, and names a BK of another repository as BACKUP_KEY_MISMATCH', async () => {
    const { destination, repository } = await newRepository();
    const locked = await openRepository(destination);
    const cached = Buffer.from(repository.backupKey);
    const unlocked = locked.unlockWithBackupKey(cached);
    expect(unlocked.unlockedWith).toEqual({ kind: 'backup-key' });
    unlocked.close();
    expect(cached.equals(repository.backupKey)).toBe(true); // the caller's copy is untouched
    expectAppError(() => locked.unlockWithBackupKey(randomBytes(32)), 'BACKUP_KEY_MISMATCH');
  });

  it('refuses a slot that opens with its RK but belongs with another config (key id check, §7.4 step 6)', async () => {
    const a = await newRepository();
    const b = await newRepository();
    // Repository b's config with a's keyring (repository ids made to agree, as an attacker would).
    const configB = JSON.parse(await readFile(path.join(b.dir, 'config'), 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(b.dir, 'config'), JSON.stringify({ ...configB, repositoryId: a.repository.config.repositoryId }));
    const [slot] = await readdir(path.join(a.dir, 'keys'));
    await writeFile(path.join(b.dir, 'keys', slot ?? ''), await readFile(path.join(a.dir, 'keys', slot ?? '')));
    const locked = await openRepository(b.destination);
    expectAppError(() => locked.unlockWithRecoveryKey(a.recoveryKey), 'BACKUP_KEYRING_TAMPERED', { reason: 'key-id' });
  });

  it('close() zeroes BK, and the repository refuses to be used afterwards', async () => {
    const { repository } = await newRepository();
    const bk = repository.backupKey;
    repository.close();
    expect(bk.every((byte) => byte === 0)).toBe(true);
    expect(repository.closed).toBe(true);
    await expect(repository.putObject('snapshot', idToHex(newId()), Buffer.from('x'))).rejects.toThrow(TypeError);
    repository.close();
  });
});

describe('config', () => {
  async function openWithConfig(content: string | null): Promise<() => Promise<unknown>> {
    const dir = await tempFolder();
    if (content !== null) await writeFile(path.join(dir, 'config'), content);
    return () => openRepository(createFolderDestination(dir));
  }

  const valid = {
    format: 'companion-backup',
    version: 1,
    suite: 1,
    repositoryId: 'a0a1a2a3a4a5a6a7a8a9aaabacadaeaf',
    keyId: '1d0c206391b8c2bdc20412abb871d648',
    created: '2025-01-01T00:00:00.000Z',
  };

  it.each([
    ['missing', null],
    ['empty', ''],
    ['json', '{"format":"companion-backup",'],
    ['json', '[1,2]'],
    ['format', JSON.stringify({ ...valid, format: 'restic' })],
    ['fields', JSON.stringify({ ...valid, repositoryId: 'A0A1' })],
    ['fields', JSON.stringify({ ...valid, version: '1' })],
    ['fields', JSON.stringify({ ...valid, created: 'yesterday' })],
  ])('BACKUP_NOT_A_REPOSITORY, reason %s', async (reason, content) => {
    await expectAppErrorAsync(await openWithConfig(content), 'BACKUP_NOT_A_REPOSITORY', { reason });
  });

  it.each([
    ['version', 2],
    ['suite', 7],
  ])('another %s is BACKUP_FORMAT_UNSUPPORTED', async (field, found) => {
    await expectAppErrorAsync(await openWithConfig(JSON.stringify({ ...valid, [field]: found })), 'BACKUP_FORMAT_UNSUPPORTED', {
      field,
      found,
      supported: 1,
    });
  });

  it('ignores unknown fields (§5)', async () => {
    const locked = (await (await openWithConfig(JSON.stringify({ ...valid, comment: 'from the future' })))()) as { config: unknown };
    expect(locked.config).toEqual(valid);
  });
});
