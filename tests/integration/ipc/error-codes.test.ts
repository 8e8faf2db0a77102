// Failures that reach the renderer as data, made to happen through the real handler table.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/ipc/dispatch.ts';
import { createHandlers } from '../../../src-main/ipc/handlers.ts';
import { seedStore } from '../../../src-main/seed/seed-store.ts';
import { closeAppContext, createAppContext, type AppContext } from '../../../src-main/services/app-context.ts';
import { ensureProfile } from '../../../src-main/store/profile.ts';
import { tempDir } from '../../helpers/profile.ts';

const contexts: AppContext[] = [];
afterEach(() => {
  for (const context of contexts.splice(0)) closeAppContext(context);
});

function webHost(dir: string) {
  const context = createAppContext(dir, { kind: 'web', version: 'test' });
  contexts.push(context);
  const handlers = createHandlers(context);
  return { context, call: (name: string, input: unknown) => dispatch(handlers, name, input) };
}

describe('errors as data', () => {
  it('an upload id that was never received is IMPORT_UPLOAD_UNKNOWN', async () => {
    const { call } = webHost(path.join(tempDir(), 'p'));
    expect(await call('importChatExport', { source: { kind: 'upload', uploadId: 'a'.repeat(32) } })).toMatchObject({
      ok: false,
      error: { code: 'IMPORT_UPLOAD_UNKNOWN' },
    });
  });

  it('the native folder picker outside the desktop app is BACKUP_FOLDER_PICKER_UNAVAILABLE', async () => {
    const { call } = webHost(path.join(tempDir(), 'p'));
    expect(await call('pickBackupFolder', {})).toMatchObject({ ok: false, error: { code: 'BACKUP_FOLDER_PICKER_UNAVAILABLE' } });
  });

  it('the native file picker outside the desktop app is IMPORT_DIALOG_UNAVAILABLE', async () => {
    const { call } = webHost(path.join(tempDir(), 'p'));
    expect(await call('importChatExport', { source: { kind: 'dialog' } })).toMatchObject({
      ok: false,
      error: { code: 'IMPORT_DIALOG_UNAVAILABLE' },
    });
  });

  it('a backup folder with no backup yet is BACKUP_NO_SNAPSHOTS, and an unknown one BACKUP_SNAPSHOT_NOT_FOUND', async () => {
    const root = tempDir();
    const source = webHost(path.join(root, 'source'));
    const location = { kind: 'folder', path: path.join(root, 'repo') };
    const setUp = await source.call('setUpBackup', { location });
    if (!setUp.ok) throw new Error(setUp.error.code);
    const { recoveryKey } = setUp.value as { recoveryKey: string };
    const fresh = webHost(path.join(root, 'fresh'));
    const unlocked = await fresh.call('unlockBackup', { location, unlock: { kind: 'recovery-key', recoveryKey } });
    if (!unlocked.ok) throw new Error(unlocked.error.code);
    const { sessionId, snapshots } = unlocked.value as { sessionId: string; snapshots: unknown[] };
    expect(snapshots).toEqual([]);
    expect(await fresh.call('restoreBackup', { sessionId })).toMatchObject({ ok: false, error: { code: 'BACKUP_NO_SNAPSHOTS' } });
    expect(await fresh.call('restoreBackup', { sessionId, snapshotId: 'b'.repeat(32) })).toMatchObject({
      ok: false,
      error: { code: 'BACKUP_SNAPSHOT_NOT_FOUND', details: { snapshotId: 'b'.repeat(32) } },
    });
  });

  it('a backup asked for while a restore runs is BACKUP_ALREADY_RUNNING, naming what runs', async () => {
    const root = tempDir();
    const dir = path.join(root, 'p');
    const { context, call } = webHost(dir);
    let finish = (): void => undefined;
    const restoring = context.activity.run('restore', () => new Promise<void>((resolve) => (finish = resolve)));
    expect(await call('backUpNow', {})).toMatchObject({
      ok: false,
      error: { code: 'BACKUP_ALREADY_RUNNING', details: { running: 'restore', requested: 'backup' } },
    });
    finish();
    await restoring;
  });

  it('a profile whose cached backup key is gone is BACKUP_KEY_NOT_AVAILABLE, not a crash', async () => {
    const root = tempDir();
    const dir = path.join(root, 'p');
    await seedStore(ensureProfile(dir), { chats: 1, messages: 10, mediaMb: 0, seed: 3 });
    const app = webHost(dir);
    const location = { kind: 'folder', path: path.join(root, 'repo') };
    expect((await app.call('setUpBackup', { location })).ok).toBe(true);
    rmSync(path.join(dir, 'backup-key'));
    expect(await app.call('backUpNow', {})).toMatchObject({ ok: false, error: { code: 'BACKUP_KEY_NOT_AVAILABLE' } });
    expect(await app.call('getBackupStatus', {})).toMatchObject({ ok: true, value: { keyCached: false } });
  });
});
