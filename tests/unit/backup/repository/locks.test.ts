// Locks (§13) between "computers" that share one repository folder: each test opens the repository as
// separate unlocked instances with their own host id, host name, pid and clock.
import { execFileSync } from 'node:child_process';
import { mkdir, rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Destination } from '../../../../src-main/backup/destination/destination.ts';
import { openRepository } from '../../../../src-main/backup/repository/repository.ts';
import type { LockOptions, UnlockedRepository } from '../../../../src-main/backup/repository/repository.ts';
import { idToHex, newId } from '../../../../src-main/crypto/ids.ts';
import { expectAppErrorAsync, newRepository } from '../../../helpers/backup-repo.ts';

const t0 = new Date('2025-06-01T12:00:00.000Z');
const minutes = (n: number): Date => new Date(t0.getTime() + n * 60_000);

/** Another computer with the same repository: its own instance, host and clock. */
async function computer(destination: Destination, bk: Buffer): Promise<UnlockedRepository> {
  return (await openRepository(destination)).unlockWithBackupKey(bk);
}

function host(name: string, overrides: Partial<LockOptions> = {}): LockOptions {
  return { hostId: idToHex(newId()), hostName: name, pid: 4242, now: () => t0, isProcessAlive: () => true, ...overrides };
}

async function lockRecords(repository: UnlockedRepository): Promise<Array<Record<string, unknown>>> {
  const ids = await repository.listObjects('lock');
  return Promise.all(ids.map(async (id) => JSON.parse((await repository.readObject('lock', id)).toString()) as Record<string, unknown>));
}

describe('conflicts', () => {
  it('refuses a second exclusive lock, naming the holder, its operation and start', async () => {
    const { destination, repository } = await newRepository();
    const other = await computer(destination, repository.backupKey);
    const held = await repository.acquireLock('exclusive', 'backup', host('kitchen-laptop'));
    const error = await expectAppErrorAsync(() => other.acquireLock('exclusive', 'prune', host('office-pc')), 'BACKUP_REPOSITORY_BUSY', {
      mode: 'exclusive',
      operation: 'backup',
      started: t0.toISOString(),
    });
    expect(error.message).toContain('"kitchen-laptop"');
    expect(error.message).toContain('backup');
    expect(error.message).toContain(t0.toISOString());
    expect(await other.listObjects('lock')).toEqual([held.lockId]); // the refused one left nothing
    other.close();
  });

  it('lets readers share, and keeps deleting writers and readers apart both ways', async () => {
    const { destination, repository } = await newRepository();
    const other = await computer(destination, repository.backupKey);
    const first = await repository.acquireLock('shared', 'restore', host('a'));
    const second = await other.acquireLock('shared', 'verify', host('b'));
    expect((await repository.listObjects('lock')).sort()).toEqual([first.lockId, second.lockId].sort());
    await expectAppErrorAsync(() => other.acquireLock('exclusive', 'prune', host('b')), 'BACKUP_REPOSITORY_BUSY', { mode: 'shared' });
    await first.release();
    await second.release();
    const writer = await repository.acquireLock('exclusive', 'prune', host('a'));
    await expectAppErrorAsync(() => other.acquireLock('shared', 'restore', host('b')), 'BACKUP_REPOSITORY_BUSY', {
      mode: 'exclusive',
      operation: 'prune',
    });
    await writer.release();
    other.close();
  });

  it('lets readers and a backup run side by side (a backup only adds), but never two backups', async () => {
    const { destination, repository } = await newRepository();
    const other = await computer(destination, repository.backupKey);
    const backup = await repository.acquireLock('exclusive', 'backup', host('a'));
    const restore = await other.acquireLock('shared', 'restore', host('b'));
    await expectAppErrorAsync(() => other.acquireLock('exclusive', 'backup', host('b')), 'BACKUP_REPOSITORY_BUSY', { operation: 'backup' });
    await expectAppErrorAsync(() => other.acquireLock('exclusive', 'prune', host('b')), 'BACKUP_REPOSITORY_BUSY');
    await backup.release();
    const next = await repository.acquireLock('exclusive', 'backup', host('a'));
    await next.release();
    await restore.release();
    other.close();
  });

  /**
   * A rival that passed its first listing at the same moment as us: its lock object lands right after
   * ours is confirmed, before our second listing. Returns our view of the repository and the rival's lock id.
   */
  async function withRival(
    repository: UnlockedRepository,
    destination: Destination,
  ): Promise<{ us: UnlockedRepository; rivalLock: string }> {
    const rivalLock = idToHex(newId());
    const started = t0.toISOString();
    const record = {
      type: 'lock',
      version: 1,
      mode: 'exclusive',
      operation: 'prune',
      host: 'rival',
      hostId: idToHex(newId()),
      pid: 7,
      started,
      heartbeat: started,
    };
    let raced = false;
    const racing: Destination = {
      ...destination,
      put: async (name, body, options) => {
        const result = await destination.put(name, body, options);
        if (name.startsWith('locks/') && !raced) {
          raced = true;
          await repository.putObject('lock', rivalLock, Buffer.from(JSON.stringify(record)));
        }
        return result;
      },
    };
    return { us: await computer(racing, repository.backupKey), rivalLock };
  }

  it('withdraws and retries when another writer locked at the same moment, then reports it (§13)', async () => {
    const { destination, repository } = await newRepository();
    const { us } = await withRival(repository, destination);
    let backoffs = 0;
    const backoff = (): Promise<void> => {
      backoffs += 1;
      return Promise.resolve();
    };
    await expectAppErrorAsync(() => us.acquireLock('exclusive', 'backup', host('us', { backoff })), 'BACKUP_REPOSITORY_BUSY', {
      operation: 'prune',
    });
    expect(backoffs).toBe(1);
    expect((await lockRecords(repository)).map((record) => record['host'])).toEqual(['rival']); // ours was withdrawn
    us.close();
  });

  it('gets the lock on the retry when the rival withdrew too', async () => {
    const { destination, repository } = await newRepository();
    const { us, rivalLock } = await withRival(repository, destination);
    const backoff = (): Promise<void> => repository.deleteObject('lock', rivalLock);
    const lock = await us.acquireLock('exclusive', 'backup', host('us', { backoff }));
    expect((await lockRecords(repository)).map((record) => record['host'])).toEqual(['us']);
    await lock.release();
    us.close();
  });
});

describe('stale locks', () => {
  it('a lock whose heartbeat is over 30 minutes old is stale: a writer removes it and proceeds', async () => {
    const { destination, repository } = await newRepository();
    const other = await computer(destination, repository.backupKey);
    const crashed = await repository.acquireLock('exclusive', 'backup', host('crashed'));
    await expectAppErrorAsync(
      () => other.acquireLock('exclusive', 'backup', host('b', { now: () => minutes(29) })),
      'BACKUP_REPOSITORY_BUSY',
    );
    const taken = await other.acquireLock('exclusive', 'backup', host('b', { now: () => minutes(31) }));
    expect(await repository.listObjects('lock')).toEqual([taken.lockId]);
    expect(crashed.lockId).not.toBe(taken.lockId);
    await taken.release();
    other.close();
  });

  it('readers ignore stale locks but leave them in place', async () => {
    const { destination, repository } = await newRepository();
    const other = await computer(destination, repository.backupKey);
    const crashed = await repository.acquireLock('exclusive', 'backup', host('crashed'));
    const reader = await other.acquireLock('shared', 'verify', host('b', { now: () => minutes(45) }));
    expect((await repository.listObjects('lock')).sort()).toEqual([crashed.lockId, reader.lockId].sort());
    other.close();
  });

  it("this profile's own lock is stale once its process is gone, whatever its age", async () => {
    const { repository } = await newRepository();
    const hostId = idToHex(newId());
    const dead = 999_999;
    await repository.acquireLock('exclusive', 'backup', host('me', { hostId, pid: dead }));
    const isProcessAlive = (pid: number): boolean => pid !== dead;
    // Another host with a dead pid of that number proves nothing: only our own host id is checked.
    await expectAppErrorAsync(
      () => repository.acquireLock('exclusive', 'backup', host('me', { isProcessAlive })),
      'BACKUP_REPOSITORY_BUSY',
    );
    const lock = await repository.acquireLock('exclusive', 'backup', host('me', { hostId, pid: 1234, isProcessAlive }));
    expect(await repository.listObjects('lock')).toEqual([lock.lockId]);
  });

  it('by default, a pid is alive when process.kill(pid, 0) finds it', async () => {
    const { repository } = await newRepository();
    const hostId = idToHex(newId());
    const exited = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
    await repository.acquireLock('exclusive', 'backup', { hostId, pid: process.pid });
    await expectAppErrorAsync(() => repository.acquireLock('exclusive', 'backup', { hostId }), 'BACKUP_REPOSITORY_BUSY');
    const [live] = await repository.listObjects('lock');
    await repository.deleteObject('lock', live ?? '');
    await repository.acquireLock('exclusive', 'backup', { hostId, pid: exited });
    const lock = await repository.acquireLock('exclusive', 'backup', { hostId });
    expect(await repository.listObjects('lock')).toEqual([lock.lockId]);
  });

  it('a lock that cannot be opened counts as held for 30 minutes after it was written, then is stale', async () => {
    const { dir, repository } = await newRepository();
    const foreign = idToHex(newId());
    await mkdir(path.join(dir, 'locks'), { recursive: true });
    await writeFile(path.join(dir, 'locks', foreign), 'encrypted under another BK, or damaged');
    const error = await expectAppErrorAsync(
      () => repository.acquireLock('shared', 'restore', host('a', { now: () => new Date() })),
      'BACKUP_REPOSITORY_BUSY',
      {
        mode: 'unknown',
      },
    );
    expect(error.message).toContain('cannot read');
    const old = new Date(Date.now() - 31 * 60_000);
    await utimes(path.join(dir, 'locks', foreign), old, old);
    const lock = await repository.acquireLock('exclusive', 'backup', host('a', { now: () => new Date() }));
    expect(await repository.listObjects('lock')).toEqual([lock.lockId]);
  });
});

describe('heartbeat and release', () => {
  it('a heartbeat writes a new lock object with the same start, then deletes the old one', async () => {
    const { repository } = await newRepository();
    let now = t0;
    const lock = await repository.acquireLock('exclusive', 'backup', host('a', { now: () => now }));
    const first = lock.lockId;
    now = minutes(5);
    await lock.heartbeat();
    expect(lock.lockId).not.toBe(first);
    expect(await repository.listObjects('lock')).toEqual([lock.lockId]);
    expect(await lockRecords(repository)).toEqual([
      expect.objectContaining({
        type: 'lock',
        version: 1,
        mode: 'exclusive',
        started: t0.toISOString(),
        heartbeat: minutes(5).toISOString(),
      }),
    ]);
    await lock.release();
  });

  it('beats by itself on its interval, and a refreshed lock is not stale', async () => {
    const { destination, repository } = await newRepository();
    const lock = await repository.acquireLock('exclusive', 'backup', { ...host('a'), now: () => new Date(), heartbeatIntervalMs: 20 });
    const first = lock.lockId;
    for (let waited = 0; lock.lockId === first && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lock.lockId).not.toBe(first);
    await lock.release();
    expect(await repository.listObjects('lock')).toEqual([]);
    expect(await destination.list('locks')).toEqual([]);
  });

  it('release deletes the lock object, once', async () => {
    const { repository } = await newRepository();
    const lock = await repository.acquireLock('shared', 'verify', host('a'));
    expect(await repository.listObjects('lock')).toEqual([lock.lockId]);
    await lock.release();
    await lock.release();
    await lock.heartbeat(); // does nothing once released
    expect(lock.released).toBe(true);
    expect(await repository.listObjects('lock')).toEqual([]);
  });
});

describe('a release the storage did not take', () => {
  it('does not fail, and this process removes that lock at its next acquire instead of finding itself busy', async () => {
    const { dir, repository } = await newRepository();
    const me = host('laptop');
    const held = await repository.acquireLock('exclusive', 'backup', me);
    // The drive goes away (or the server dies) before the lock object can be deleted.
    await rename(dir, `${dir}-unplugged`);
    await expect(held.release()).resolves.toBeUndefined();
    await rename(`${dir}-unplugged`, dir);
    expect(await repository.listObjects('lock')).toEqual([held.lockId]);
    const next = await repository.acquireLock('exclusive', 'backup', me);
    expect(await repository.listObjects('lock')).toEqual([next.lockId]);
    await next.release();
  });
});
