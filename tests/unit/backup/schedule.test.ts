import { describe, expect, it } from 'vitest';
import { nextBackup, retryDelay } from '../../../src-main/backup/schedule.ts';

const hour = 60 * 60 * 1000;
const now = Date.parse('2026-12-01T12:00:00.000Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('when the next backup is due', () => {
  it('is now for a backup that never ran, and never when off', () => {
    expect(nextBackup({ frequency: 'daily', lastSuccess: null, failures: null }, now)).toEqual({ kind: 'run' });
    expect(nextBackup({ frequency: 'off', lastSuccess: null, failures: null }, now)).toEqual({ kind: 'off' });
  });

  it('is a day, a week or 30 days after the last success', () => {
    expect(nextBackup({ frequency: 'daily', lastSuccess: ago(23 * hour), failures: null }, now)).toEqual({
      kind: 'wait',
      until: now + hour,
      retrying: false,
    });
    expect(nextBackup({ frequency: 'daily', lastSuccess: ago(25 * hour), failures: null }, now)).toEqual({ kind: 'run' });
    expect(nextBackup({ frequency: 'weekly', lastSuccess: ago(6 * 24 * hour), failures: null }, now)).toMatchObject({
      until: now + 24 * hour,
    });
    expect(nextBackup({ frequency: 'monthly', lastSuccess: ago(31 * 24 * hour), failures: null }, now)).toEqual({ kind: 'run' });
  });

  it('retries a failure after 5, 10, 20… minutes, never more than 6 hours apart', () => {
    expect([1, 2, 3, 4, 10].map(retryDelay)).toEqual([5, 10, 20, 40, 360].map((minutes) => minutes * 60 * 1000));
    const failures = { count: 2, last: ago(5 * 60 * 1000) };
    expect(nextBackup({ frequency: 'daily', lastSuccess: ago(30 * hour), failures }, now)).toEqual({
      kind: 'wait',
      until: now + 5 * 60 * 1000,
      retrying: true,
    });
    expect(nextBackup({ frequency: 'daily', lastSuccess: ago(30 * hour), failures: { count: 2, last: ago(11 * 60 * 1000) } }, now)).toEqual(
      {
        kind: 'run',
      },
    );
  });
});
