// Cancelling a backup at any point (here: after 1, 4, 7 and 10 progress events, the backup running
// in its worker thread as in the app) ends it as OPERATION_CANCELLED or finished, never as a crash,
// and leaves no lock: the next backup runs, and the repository verifies.
import path from 'node:path';
import { readdirSync } from 'node:fs';
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

describe('cancelling a backup', () => {
  it('never crashes and never leaves the repository locked', async () => {
    const root = tempDir();
    const dir = path.join(root, 'p');
    await seedStore(ensureProfile(dir), { chats: 3, messages: 3_000, mediaMb: 40, seed: 12 });
    const context = createAppContext(dir, { kind: 'web', version: 'test' });
    contexts.push(context);
    const handlers = createHandlers(context);
    const repo = path.join(root, 'repo');
    expect((await dispatch(handlers, 'setUpBackup', { location: { kind: 'folder', path: repo } })).ok).toBe(true);

    const outcomes: string[] = [];
    for (const cancelAt of [1, 4, 7, 10]) {
      const operationId = `cancel-${cancelAt}-0000`;
      let seen = 0;
      const stop = context.events.subscribe((event, payload) => {
        if (event !== 'progress' || (payload as { operationId: string }).operationId !== operationId) return;
        seen += 1;
        if (seen === cancelAt) void dispatch(handlers, 'cancelOperation', { operationId });
      });
      const result = await dispatch(handlers, 'backUpNow', { operationId });
      stop();
      outcomes.push(result.ok ? 'ok' : result.error.code);
      expect(readdirSync(path.join(repo, 'locks'))).toEqual([]);
    }
    expect(outcomes.every((outcome) => outcome === 'ok' || outcome === 'OPERATION_CANCELLED')).toBe(true);
    expect(outcomes).toContain('OPERATION_CANCELLED');
    expect((await dispatch(handlers, 'backUpNow', {})).ok).toBe(true);
    expect(await dispatch(handlers, 'verifyBackup', { full: true })).toMatchObject({ ok: true, value: { ok: true } });
  });
});
