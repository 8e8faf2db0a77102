// The journal on real files: bounded whatever the number of operations, honest about failures, and
// a restore killed with SIGKILL shows the step it was in as interrupted.
import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.ts';
import { backupProfile, initForProfile } from '../../../src-main/backup/backup-service.ts';
import { readTimeline } from '../../../src-main/diagnostics/journal-reader.ts';
import { JOURNAL_FILE_BYTES, Journal, journalFiles } from '../../../src-main/diagnostics/journal.ts';
import { seedStore } from '../../../src-main/seed/seed-store.ts';
import { ensureProfile } from '../../../src-main/store/profile.ts';
import { repoRoot, tempDir } from '../../helpers/profile.ts';
import { quietJob } from '../../helpers/restore.ts';

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

describe('the operations journal', () => {
  it('stays under two files of 256 KiB over 10,000 operations, newest first', async () => {
    const dir = tempDir();
    const journal = new Journal(dir);
    for (let i = 0; i < 10_000; i += 1) {
      await journal.operation('verify', (op) => op.step('verify', () => Promise.resolve(i)));
    }
    const files = journalFiles(dir);
    expect(sizeOf(files.current)).toBeLessThanOrEqual(JOURNAL_FILE_BYTES);
    expect(sizeOf(files.previous)).toBeLessThanOrEqual(JOURNAL_FILE_BYTES);
    expect(sizeOf(files.previous)).toBeGreaterThan(JOURNAL_FILE_BYTES / 2); // it did rotate
    const timeline = readTimeline(dir, { limit: 10 });
    expect(timeline).toHaveLength(10);
    expect(timeline.every((op) => op.outcome === 'ok' && op.steps[0]?.outcome === 'ok')).toBe(true);
    expect((timeline[0]?.started ?? '') >= (timeline[9]?.started ?? '')).toBe(true);
  });

  it('records the failed step and its code, and a cancelled one as cancelled', async () => {
    const dir = tempDir();
    const journal = new Journal(dir);
    await expect(
      journal.operation('restore', async (op) => {
        await op.step('unlock', () => Promise.resolve('ok'));
        await op.step('stage-database', () => Promise.reject(new AppError('BACKUP_OBJECT_CORRUPT')));
      }),
    ).rejects.toThrow();
    await expect(
      journal.operation('backup', (op) => op.step('back-up', () => Promise.reject(new AppError('OPERATION_CANCELLED')))),
    ).rejects.toThrow();
    const [cancelled, failed] = readTimeline(dir);
    expect(failed).toMatchObject({ kind: 'restore', outcome: 'failed', code: 'BACKUP_OBJECT_CORRUPT' });
    expect(failed?.steps.map((step) => [step.step, step.outcome, step.code])).toEqual([
      ['unlock', 'ok', null],
      ['stage-database', 'failed', 'BACKUP_OBJECT_CORRUPT'],
    ]);
    expect(cancelled).toMatchObject({ kind: 'backup', outcome: 'cancelled', code: 'OPERATION_CANCELLED' });
  });

  it('skips a line a crash cut off', () => {
    const dir = tempDir();
    const journal = new Journal(dir);
    journal.append({ t: 'op', op: '0123456789abcdef', kind: 'verify', at: new Date().toISOString(), pid: process.pid });
    writeFileSync(journalFiles(dir).current, `${readFileSync(journalFiles(dir).current, 'utf8')}{"t":"step","op":"01234`);
    expect(readTimeline(dir)).toHaveLength(1);
  });

  it('shows a restore killed mid-way as interrupted, at the step it was in', async () => {
    const root = tempDir();
    const source = ensureProfile(path.join(root, 'source'));
    await seedStore(source, { chats: 2, messages: 2_000, mediaMb: 48, seed: 8 });
    const repo = path.join(root, 'repo');
    const { recoveryKey } = await initForProfile(source, { kind: 'folder', path: repo });
    await backupProfile(source, { appVersion: 'test' }, quietJob);
    const target = path.join(root, 'target');

    const child = spawn(process.execPath, [path.join(repoRoot, 'src-main/cli/main.ts'), 'restore', '--profile', target, '--repo', repo], {
      env: { ...process.env, COMPANION_LOG: 'silent', COMPANION_RECOVERY_KEY: recoveryKey },
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Kill it once the journal says media are being restored.
    for (let tries = 0; tries < 3_000; tries += 1) {
      if (readTimeline(target)[0]?.steps.some((step) => step.step === 'restore-media')) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill('SIGKILL');
    await exited;

    const [restore] = readTimeline(target);
    expect(restore).toMatchObject({ kind: 'restore', outcome: 'interrupted', code: null });
    expect(restore?.steps.map((step) => [step.step, step.outcome])).toEqual([
      ['unlock', 'ok'],
      ['stage-database', 'ok'],
      ['swap', 'ok'],
      ['restore-media', 'interrupted'],
    ]);
  });
});
