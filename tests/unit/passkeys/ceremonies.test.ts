// Pending ceremonies: used once, for one purpose, within five minutes.
import { describe, expect, it } from 'vitest';
import { CEREMONY_TTL_MS, PasskeyCeremonies, type UnlockCeremony } from '../../../src-main/passkeys/ceremonies.ts';
import { expectAppError } from '../crypto/crypto-test-helpers.ts';

const unlock: UnlockCeremony = {
  purpose: 'unlock',
  location: { kind: 'folder', path: '/backup' },
  repositoryId: 'a'.repeat(32),
  challenge: 'c'.repeat(43),
  salts: new Map(),
};

describe('PasskeyCeremonies', () => {
  it('hands a ceremony out once', () => {
    const ceremonies = new PasskeyCeremonies();
    const id = ceremonies.issue(unlock);
    expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(ceremonies.take(id, 'unlock')).toBe(unlock);
    expectAppError(() => ceremonies.take(id, 'unlock'), 'PASSKEY_CEREMONY_EXPIRED', { reason: 'unknown' });
  });

  it('refuses it after five minutes, and for another purpose (which uses it up too)', () => {
    let now = 1_000_000;
    const ceremonies = new PasskeyCeremonies({ now: () => now });
    const late = ceremonies.issue(unlock);
    now += CEREMONY_TTL_MS;
    expectAppError(() => ceremonies.take(late, 'unlock'), 'PASSKEY_CEREMONY_EXPIRED', { reason: 'expired' });
    const other = ceremonies.issue(unlock);
    expectAppError(() => ceremonies.take(other, 'enroll'), 'PASSKEY_CEREMONY_EXPIRED', { reason: 'purpose' });
    expectAppError(() => ceremonies.take(other, 'unlock'), 'PASSKEY_CEREMONY_EXPIRED', { reason: 'unknown' });
  });

  it('keeps at most 64 pending, dropping the oldest', () => {
    const ceremonies = new PasskeyCeremonies();
    const first = ceremonies.issue(unlock);
    for (let i = 0; i < 64; i++) ceremonies.issue(unlock);
    expect(ceremonies.size).toBe(64);
    expectAppError(() => ceremonies.take(first, 'unlock'), 'PASSKEY_CEREMONY_EXPIRED', { reason: 'unknown' });
  });
});
