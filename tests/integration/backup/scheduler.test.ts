// The scheduler with an injected clock over a real profile and repository: a backup missed while
// the app was closed runs at start-up, the next one when it is due, failures back off and are
// counted for the notice, and nothing runs beside a restore.
import path from 'node:path';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { initForProfile } from '../../../src-main/backup/backup-service.ts';
import { inProcess } from '../../../src-main/backup/job-runner.ts';
import { NOTICE_AFTER_FAILURES } from '../../../src-main/backup/schedule.ts';
import { seedStore } from '../../../src-main/seed/seed-store.ts';
import { closeAppContext, createAppContext, type AppContext } from '../../../src-main/services/app-context.ts';
import type { Clock } from '../../../src-main/services/backup-scheduler.ts';
import { readSettings, updateSettings } from '../../../src-main/services/profile-settings.ts';
import { createBackupScheduler } from '../../../src-main/services/scheduled-backup.ts';
import { createHandlers } from '../../../src-main/ipc/handlers.ts';
import { ensureProfile } from '../../../src-main/store/profile.ts';
import { tempDir } from '../../helpers/profile.ts';

const hour = 60 * 60 * 1000;

/** A clock the test moves by hand; timers fire when it passes them. */
class FakeClock implements Clock {
  time = Date.parse('2026-12-01T09:00:00.000Z');
  readonly timers = new Map<number, { at: number; callback: () => void }>();
  #next = 0;
  now = (): number => this.time;
  setTimeout = (callback: () => void, ms: number): unknown => {
    this.timers.set(++this.#next, { at: this.time + ms, callback });
    return this.#next;
  };
  clearTimeout = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };
  advance(ms: number): void {
    this.time += ms;
    for (const [id, timer] of [...this.timers]) {
      if (timer.at > this.time) continue;
      this.timers.delete(id);
      timer.callback();
    }
  }
}

const contexts: AppContext[] = [];
afterEach(() => {
  for (const context of contexts.splice(0)) closeAppContext(context);
});

async function configuredProfile() {
  const root = tempDir();
  const dir = path.join(root, 'profile');
  await seedStore(ensureProfile(dir), { chats: 2, messages: 300, mediaMb: 0, seed: 9 });
  const context = createAppContext(dir, { kind: 'web', version: 'test' });
  contexts.push(context);
  await initForProfile(context.paths, { kind: 'folder', path: path.join(root, 'repo') });
  return context;
}

async function settled(scheduler: { running: boolean }): Promise<void> {
  await expect.poll(() => scheduler.running, { timeout: 20_000, interval: 20 }).toBe(false);
}

describe('the backup scheduler', () => {
  it('runs a missed backup at start-up, then the next one when it is due', async () => {
    const context = await configuredProfile();
    const clock = new FakeClock();
    // The last backup was 30 hours ago; the app was closed when the next one fell due.
    const missed = { snapshotId: '0'.repeat(32), finishedAt: new Date(clock.time - 30 * hour).toISOString(), bytes: 0, newBytes: 0 };
    updateSettings(context.paths, (settings) => ({ ...settings, lastBackup: missed }));
    const scheduler = createBackupScheduler(context, clock, inProcess);
    scheduler.start();
    expect(scheduler.running).toBe(true);
    await settled(scheduler);
    const first = readSettings(context.paths).lastBackup;
    expect(first?.snapshotId).not.toBe(missed.snapshotId);

    // Daily: nothing for 23 hours, then it runs once the day is over.
    updateSettings(context.paths, (settings) => ({
      ...settings,
      lastBackup: settings.lastBackup && { ...settings.lastBackup, finishedAt: new Date(clock.time).toISOString() },
    }));
    scheduler.reschedule();
    clock.advance(23 * hour);
    expect(scheduler.running).toBe(false);
    clock.advance(1 * hour + 1000);
    expect(scheduler.running).toBe(true);
    await settled(scheduler);
    expect(readSettings(context.paths).lastBackup?.snapshotId).not.toBe(first?.snapshotId);
    scheduler.stop();
  });

  it('decides again as soon as a schedule is saved through the handler table', async () => {
    const context = await configuredProfile();
    const clock = new FakeClock();
    const missed = { snapshotId: '0'.repeat(32), finishedAt: new Date(clock.time - 30 * hour).toISOString(), bytes: 0, newBytes: 0 };
    updateSettings(context.paths, (settings) => ({
      ...settings,
      lastBackup: missed,
      schedule: { ...settings.schedule, frequency: 'off' },
    }));
    const scheduler = createBackupScheduler(context, clock, inProcess);
    const handlers = createHandlers(context, { onScheduleChange: () => scheduler.reschedule() });
    scheduler.start();
    expect(scheduler.running).toBe(false); // off: nothing is due
    await handlers.setBackupSchedule({ frequency: 'daily', includeMedia: true, keep: null });
    expect(scheduler.running).toBe(true); // overdue by 6 hours: runs now, the clock never moved
    await settled(scheduler);
    expect(readSettings(context.paths).lastBackup?.snapshotId).not.toBe(missed.snapshotId);
    scheduler.stop();
  });

  it('backs off after failures, counts them for the notice, and clears them on success', async () => {
    const context = await configuredProfile();
    rmSync(path.join(context.paths.dir, 'backup-key')); // this computer lost its key: every backup fails
    const clock = new FakeClock();
    const scheduler = createBackupScheduler(context, clock, inProcess);
    scheduler.start();
    await settled(scheduler);
    expect(readSettings(context.paths).backupFailures).toMatchObject({ count: 1, code: 'BACKUP_KEY_NOT_AVAILABLE' });
    clock.advance(4 * 60 * 1000);
    expect(scheduler.running).toBe(false); // the first retry waits 5 minutes
    for (const minutes of [1, 10, 20]) {
      clock.advance(minutes * 60 * 1000 + 1000);
      await settled(scheduler);
    }
    expect(readSettings(context.paths).backupFailures?.count).toBe(4);
    expect(readSettings(context.paths).backupFailures?.count).toBeGreaterThanOrEqual(NOTICE_AFTER_FAILURES);
    scheduler.stop();
  });

  it('never runs beside a restore, and runs once the restore is over', async () => {
    const context = await configuredProfile();
    const clock = new FakeClock();
    const scheduler = createBackupScheduler(context, clock, inProcess);
    let finishRestore = (): void => undefined;
    const restore = context.activity.run('restore', () => new Promise<void>((resolve) => (finishRestore = resolve)));
    scheduler.start();
    expect(scheduler.running).toBe(false);
    expect(readSettings(context.paths).lastBackup).toBeNull();
    finishRestore();
    await restore;
    clock.advance(15 * 60 * 1000);
    expect(scheduler.running).toBe(true);
    await settled(scheduler);
    expect(readSettings(context.paths).lastBackup).not.toBeNull();
    scheduler.stop();
  });
});
