import { describe, expect, it } from 'vitest';
import { ceremonyPath } from '../../../src-main/passkeys/ceremony-path.ts';

describe('ceremonyPath', () => {
  it('runs ceremonies natively only in the macOS desktop app', () => {
    expect(ceremonyPath('darwin', 'electron')).toBe('native-macos');
    for (const platform of ['win32', 'linux', 'freebsd'] as const) expect(ceremonyPath(platform, 'electron')).toBe('renderer-webauthn');
    // The browser host is a real browser, whose authenticators give PRF output on every platform.
    for (const platform of ['darwin', 'win32', 'linux'] as const) expect(ceremonyPath(platform, 'web')).toBe('renderer-webauthn');
  });
});
