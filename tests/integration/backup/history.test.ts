// getBackupHistory over a real profile and repository, through dispatch as the renderer calls it:
// snapshots newest first with the bytes each added, null for snapshots another computer made, the
// last success, and the last failure (manual or scheduled) until a backup succeeds again.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallInput, CallName, CallOutput } from '../../../src-shared/contract.ts';
import type { Result } from '../../../src-shared/errors.ts';
import { backupProfile } from '../../../src-main/backup/backup-service.ts';
import { inProcess } from '../../../src-main/backup/job-runner.ts';
import { dispatch } from '../../../src-main/ipc/dispatch.ts';
import { createHandlers } from '../../../src-main/ipc/handlers.ts';
import { seedStore } from '../../../src-main/seed/seed-store.ts';
import { closeAppContext, createAppContext, type AppContext } from '../../../src-main/services/app-context.ts';
import { NEW_BYTES_KEPT } from '../../../src-main/services/backup-outcome.ts';
import { readSettings, updateSettings } from '../../../src-main/services/profile-settings.ts';
import { runScheduledBackup } from '../../../src-main/services/scheduled-backup.ts';
import { ensureProfile } from '../../../src-main/store/profile.ts';
import { tempDir } from '../../helpers/profile.ts';
import { quietJob } from '../../helpers/restore.ts';

const opened: AppContext[] = [];
afterEach(() => {
  for (const context of opened.splice(0)) closeAppContext(context);
});

/** A profile as a host runs it, and its contract calls through dispatch (validation included). */
async function profile(dir: string, seed?: { messages: number; mediaMb: number }) {
  if (seed !== undefined) await seedStore(ensureProfile(dir), { chats: 3, ...seed, seed: 31 });
  const context = createAppContext(dir, { kind: 'web', version: 'test' });
  opened.push(context);
  const handlers = createHandlers(context);
  const call = <K extends CallName>(name: K, input: CallInput<K>) => dispatch(handlers, name, input) as Promise<Result<CallOutput<K>>>;
  const value = async <K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> => {
    const result = await call(name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.code}`);
    return result.value;
  };
  return { context, call, value };
}

describe('backup history', () => {
  it('lists snapshots newest first with size, new bytes and counts, and the last success', async () => {
    const root = tempDir();
    const app = await profile(path.join(root, 'profile'), { messages: 1_200, mediaMb: 2 });
    expect(await app.call('getBackupHistory', {})).toMatchObject({ ok: false, error: { code: 'BACKUP_NOT_CONFIGURED' } });
    await app.value('setUpBackup', { location: { kind: 'folder', path: path.join(root, 'repo') } });
    expect(await app.value('getBackupHistory', {})).toEqual({
      snapshots: [],
      unreadableSnapshots: [],
      lastSuccess: null,
      lastFailure: null,
      snapshotsError: null,
    });

    const first = await app.value('backUpNow', {});
    // The CLI's backups go through backupProfile too, and count as this profile's.
    const second = await backupProfile(app.context.paths, { appVersion: 'test' }, quietJob);
    const history = await app.value('getBackupHistory', {});
    expect(history.snapshots.map((snapshot) => snapshot.snapshotId)).toEqual([second.snapshotId, first.snapshotId]);
    expect(history.snapshots.map((snapshot) => snapshot.newBytes)).toEqual([second.bytesWritten, first.bytesWritten]);
    // Nothing changed in between: deduplication makes the second one add far less than the first.
    expect(second.bytesWritten).toBeLessThan(first.bytesWritten / 4);
    const stats = await app.value('getStats', {});
    for (const snapshot of history.snapshots) {
      expect(snapshot.bytes).toBe(first.bytesScanned);
      expect(snapshot.counts).toEqual({ chats: stats.chats, messages: stats.messages, attachments: stats.attachments });
    }
    expect(history.lastSuccess).toEqual({ at: second.created, snapshotId: second.snapshotId });
    expect(history.lastFailure).toBeNull();
  });

  it('names a snapshot whose manifest is damaged and still lists the others', async () => {
    const root = tempDir();
    const app = await profile(path.join(root, 'profile'), { messages: 300, mediaMb: 0 });
    const repo = path.join(root, 'repo');
    await app.value('setUpBackup', { location: { kind: 'folder', path: repo } });
    const kept = await app.value('backUpNow', {});
    const damaged = await app.value('backUpNow', {});
    const file = path.join(repo, 'snapshots', damaged.snapshotId);
    writeFileSync(file, readFileSync(file).subarray(0, 100));

    const history = await app.value('getBackupHistory', {});
    expect(history.snapshots.map((snapshot) => snapshot.snapshotId)).toEqual([kept.snapshotId]);
    expect(history.unreadableSnapshots).toEqual([{ snapshotId: damaged.snapshotId, code: 'BACKUP_OBJECT_TRUNCATED' }]);
    expect(history.snapshotsError).toBeNull();
  });

  it('shows null new bytes for snapshots this profile did not make', async () => {
    const root = tempDir();
    const location = { kind: 'folder', path: path.join(root, 'repo') } as const;
    const old = await profile(path.join(root, 'old'), { messages: 600, mediaMb: 0 });
    const { recoveryKey } = await old.value('setUpBackup', { location });
    const made = await old.value('backUpNow', {});

    const fresh = await profile(path.join(root, 'new'));
    const { sessionId } = await fresh.value('unlockBackup', { location, unlock: { kind: 'recovery-key', recoveryKey } });
    await fresh.value('restoreBackup', { sessionId });
    const own = await fresh.value('backUpNow', {});
    const history = await fresh.value('getBackupHistory', {});
    expect(history.snapshots.map((snapshot) => [snapshot.snapshotId, snapshot.newBytes])).toEqual([
      [own.snapshotId, own.bytesWritten],
      [made.snapshotId, null],
    ]);
  });

  it('keeps the last failure with its code and kind until a backup succeeds, and still answers when the destination is gone', async () => {
    const root = tempDir();
    const repo = path.join(root, 'repo');
    const app = await profile(path.join(root, 'profile'), { messages: 600, mediaMb: 0 });
    await app.value('setUpBackup', { location: { kind: 'folder', path: repo } });
    const good = await app.value('backUpNow', {});

    renameSync(repo, `${repo}-unplugged`);
    expect(await app.call('backUpNow', {})).toMatchObject({ ok: false, error: { code: 'BACKUP_DESTINATION_UNAVAILABLE' } });
    let history = await app.value('getBackupHistory', {});
    expect(history).toMatchObject({
      snapshots: [],
      snapshotsError: { code: 'BACKUP_DESTINATION_UNAVAILABLE' },
      lastSuccess: { snapshotId: good.snapshotId },
      lastFailure: { code: 'BACKUP_DESTINATION_UNAVAILABLE', scheduled: false },
    });
    expect(Date.parse(history.lastFailure?.at ?? '')).toBeGreaterThan(Date.parse(good.created));
    // A manual failure is in the history but does not count towards the scheduled-failure notice.
    expect((await app.value('getBackupSchedule', {})).failures).toBeNull();

    await expect(runScheduledBackup(app.context, inProcess)).rejects.toMatchObject({ code: 'BACKUP_DESTINATION_UNAVAILABLE' });
    history = await app.value('getBackupHistory', {});
    expect(history.lastFailure).toMatchObject({ code: 'BACKUP_DESTINATION_UNAVAILABLE', scheduled: true });
    expect((await app.value('getBackupSchedule', {})).failures).toMatchObject({ count: 1, code: 'BACKUP_DESTINATION_UNAVAILABLE' });

    renameSync(`${repo}-unplugged`, repo);
    const back = await app.value('backUpNow', {});
    history = await app.value('getBackupHistory', {});
    expect(history).toMatchObject({ lastFailure: null, snapshotsError: null, lastSuccess: { snapshotId: back.snapshotId } });
    expect(history.snapshots.map((snapshot) => snapshot.snapshotId)).toEqual([back.snapshotId, good.snapshotId]);
    // Any success ends the failure streak, so the notice goes away.
    expect(await app.value('getBackupSchedule', {})).toMatchObject({ failures: null, notice: false });
  });

  it('does not count a cancelled backup as a failure', async () => {
    const root = tempDir();
    const app = await profile(path.join(root, 'profile'), { messages: 2_000, mediaMb: 40 });
    await app.value('setUpBackup', { location: { kind: 'folder', path: path.join(root, 'repo') } });
    const running = app.call('backUpNow', { operationId: 'history-cancel' });
    expect(await app.value('cancelOperation', { operationId: 'history-cancel' })).toEqual({ cancelled: true });
    expect(await running).toMatchObject({ ok: false, error: { code: 'OPERATION_CANCELLED' } });
    expect((await app.value('getBackupHistory', {})).lastFailure).toBeNull();
  });

  it('keeps new bytes for a bounded number of snapshots, dropping the oldest', async () => {
    const root = tempDir();
    const app = await profile(path.join(root, 'profile'), { messages: 300, mediaMb: 0 });
    await app.value('setUpBackup', { location: { kind: 'folder', path: path.join(root, 'repo') } });
    const old = Array.from({ length: NEW_BYTES_KEPT }, (_, index) => [index.toString(16).padStart(32, '0'), index] as const);
    updateSettings(app.context.paths, (settings) => ({ ...settings, snapshotNewBytes: Object.fromEntries(old) }));
    const made = await app.value('backUpNow', {});
    const kept = readSettings(app.context.paths).snapshotNewBytes;
    expect(Object.keys(kept)).toHaveLength(NEW_BYTES_KEPT);
    expect(kept[made.snapshotId]).toBe(made.bytesWritten);
    expect(kept[old[0]?.[0] ?? '']).toBeUndefined();
    expect(kept[old[1]?.[0] ?? '']).toBe(1);
  });
});
