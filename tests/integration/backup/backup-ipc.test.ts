// The backup calls of the IPC contract, through dispatch and the real handler table, as the renderer
// uses them: set up, back up in a worker with progress events, restore on a "new computer" (a second
// profile), then list, verify, inspect and prune. Errors arrive as data with their codes and never
// carry the recovery key.
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallInput, CallName, CallOutput, EventName } from '../../../src-shared/contract.ts';
import type { Result } from '../../../src-shared/errors.ts';
import { dispatch } from '../../../src-main/ipc/dispatch.ts';
import { createHandlers } from '../../../src-main/ipc/handlers.ts';
import { seedStore } from '../../../src-main/seed/seed-store.ts';
import { closeAppContext, createAppContext, type AppContext } from '../../../src-main/services/app-context.ts';
import { ensureProfile } from '../../../src-main/store/profile.ts';
import { flipBit } from '../../helpers/backup-fixture.ts';
import { tempDir } from '../../helpers/profile.ts';

const contexts: AppContext[] = [];
afterEach(() => {
  for (const context of contexts.splice(0)) closeAppContext(context);
});

function host(dir: string) {
  const context = createAppContext(dir, { kind: 'web', version: 'test' });
  contexts.push(context);
  const events: { event: EventName; payload: unknown }[] = [];
  context.events.subscribe((event, payload) => events.push({ event, payload }));
  const handlers = createHandlers(context);
  const call = <K extends CallName>(name: K, input: CallInput<K>) => dispatch(handlers, name, input) as Promise<Result<CallOutput<K>>>;
  const ok = async <K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> => {
    const result = await call(name, input);
    if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
    return result.value;
  };
  return { context, events, call, ok };
}

describe('backup over IPC', () => {
  it('sets up, backs up with progress, and restores on a new computer', async () => {
    const root = tempDir();
    const sourceDir = path.join(root, 'old-computer');
    await seedStore(ensureProfile(sourceDir), { chats: 4, messages: 3_000, mediaMb: 3, seed: 21 });
    const old = host(sourceDir);
    const location = { kind: 'folder', path: path.join(root, 'repo') } as const;

    const setUp = await old.ok('setUpBackup', { location });
    expect(setUp.recoveryKey).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4,5}){12}$/);
    expect(await old.ok('getBackupStatus', {})).toMatchObject({ location, keyCached: true, lastBackup: null });

    const backup = await old.ok('backUpNow', { operationId: 'backup-0001' });
    const progress = old.events.filter((e) => e.event === 'progress').map((e) => e.payload as { operationId: string; bytesDone: number });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.operationId === 'backup-0001')).toBe(true);
    expect(progress.at(-1)?.bytesDone).toBe(backup.bytesScanned);
    expect((await old.ok('getBackupStatus', {})).lastBackup).toMatchObject({ snapshotId: backup.snapshotId });

    const fresh = host(path.join(root, 'new-computer'));
    const wrong = await fresh.call('unlockBackup', { location, unlock: { kind: 'recovery-key', recoveryKey: 'ZZZZ-0000' } });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'RECOVERY_KEY_TYPO' } });
    expect(JSON.stringify(wrong)).not.toContain('ZZZZ');

    const unlocked = await fresh.ok('unlockBackup', { location, unlock: { kind: 'recovery-key', recoveryKey: setUp.recoveryKey } });
    expect(unlocked.snapshots.map((s) => s.snapshotId)).toEqual([backup.snapshotId]);
    expect(JSON.stringify(unlocked)).not.toContain(setUp.recoveryKey);
    const restored = await fresh.ok('restoreBackup', { sessionId: unlocked.sessionId, operationId: 'restore-0001' });
    expect(restored).toMatchObject({ snapshotId: backup.snapshotId, chats: 4 });
    expect(fresh.events).toContainEqual({ event: 'storeChanged', payload: { reason: 'restore' } });
    expect(await fresh.ok('getStats', {})).toEqual(await old.ok('getStats', {}));
    expect(await fresh.ok('listChats', {})).toEqual(await old.ok('listChats', {}));
    const events = JSON.stringify(fresh.events);
    expect(events).not.toContain(setUp.recoveryKey);
    // A session is used up by its restore.
    expect(await fresh.call('restoreBackup', { sessionId: unlocked.sessionId })).toMatchObject({
      ok: false,
      error: { code: 'BACKUP_SESSION_EXPIRED' },
    });

    // The new computer now holds the key and backs up to the same place.
    expect(await fresh.ok('getBackupStatus', {})).toMatchObject({ location, keyCached: true });
    expect((await fresh.ok('listBackupSnapshots', {})).snapshots.map((s) => s.snapshotId)).toEqual([backup.snapshotId]);
    expect(await fresh.ok('verifyBackup', { full: true })).toMatchObject({ mode: 'full', ok: true, problems: [] });
    expect(await fresh.ok('verifyBackup', { full: false })).toMatchObject({ mode: 'structure', ok: true });
    expect((await fresh.ok('inspectBackup', { location })).slots.map((slot) => slot.kind)).toEqual(['recovery']);
    await fresh.ok('backUpNow', {});
    expect(await fresh.ok('pruneBackups', { keep: 1 })).toMatchObject({ snapshotsKept: 1, snapshotsRemoved: 1 });
  });

  it('restores around a damaged newest snapshot only when asked to, naming the damaged one', async () => {
    const root = tempDir();
    const sourceDir = path.join(root, 'old-computer');
    await seedStore(ensureProfile(sourceDir), { chats: 2, messages: 500, mediaMb: 1, seed: 23 });
    const old = host(sourceDir);
    const location = { kind: 'folder', path: path.join(root, 'repo') } as const;
    const { recoveryKey } = await old.ok('setUpBackup', { location });
    const first = await old.ok('backUpNow', {});
    await seedStore(ensureProfile(sourceDir), { chats: 1, messages: 100, mediaMb: 0, seed: 24 });
    const second = await old.ok('backUpNow', {});
    const damage = (snapshotId: string): void => {
      const file = path.join(location.path, 'snapshots', snapshotId);
      flipBit(file, statSync(file).size >> 1);
    };
    damage(second.snapshotId);

    const fresh = host(path.join(root, 'new-computer'));
    const unlock = { kind: 'recovery-key', recoveryKey } as const;
    const unlocked = await fresh.ok('unlockBackup', { location, unlock });
    expect(unlocked.snapshots.map((s) => s.snapshotId)).toEqual([first.snapshotId]);
    expect(unlocked.unreadableSnapshots).toEqual([{ snapshotId: second.snapshotId, code: 'BACKUP_OBJECT_CORRUPT' }]);
    // The default is still the newest, which is refused: no silent step back to an older backup.
    expect(await fresh.call('restoreBackup', { sessionId: unlocked.sessionId })).toMatchObject({
      ok: false,
      error: { code: 'BACKUP_OBJECT_CORRUPT' },
    });
    const again = await fresh.ok('unlockBackup', { location, unlock });
    const restored = await fresh.ok('restoreBackup', { sessionId: again.sessionId, snapshotId: first.snapshotId });
    expect(restored).toMatchObject({ snapshotId: first.snapshotId, chats: 2 });
    // The listing with the key the restore left on this computer names the damaged one too.
    expect(await fresh.ok('listBackupSnapshots', { location })).toEqual({
      snapshots: [expect.objectContaining({ snapshotId: first.snapshotId })],
      unreadableSnapshots: [{ snapshotId: second.snapshotId, code: 'BACKUP_OBJECT_CORRUPT' }],
    });

    // With nothing readable left, unlocking says why instead of offering an empty list.
    damage(first.snapshotId);
    expect(await host(path.join(root, 'third-computer')).call('unlockBackup', { location, unlock })).toMatchObject({
      ok: false,
      error: { code: 'BACKUP_OBJECT_CORRUPT' },
    });
  });

  it('cancels a backup: OPERATION_CANCELLED, and no snapshot is committed', async () => {
    const root = tempDir();
    const dir = path.join(root, 'profile');
    await seedStore(ensureProfile(dir), { chats: 2, messages: 2_000, mediaMb: 40, seed: 22 });
    const app = host(dir);
    await app.ok('setUpBackup', { location: { kind: 'folder', path: path.join(root, 'repo') } });

    const running = app.call('backUpNow', { operationId: 'backup-cancel' });
    expect(await app.ok('cancelOperation', { operationId: 'backup-cancel' })).toEqual({ cancelled: true });
    expect(await running).toMatchObject({ ok: false, error: { code: 'OPERATION_CANCELLED' } });
    expect(await app.ok('listBackupSnapshots', {})).toEqual({ snapshots: [], unreadableSnapshots: [] });
    expect((await app.ok('getBackupStatus', {})).lastBackup).toBeNull();
  });
});
