import { describe, expect, it } from 'vitest';
import { appOriginOf } from '../../../src-main/app/app-origin.ts';
import { grantedPermissions, isPermissionGranted } from '../../../src-main/app/permission-policy.ts';

const appOrigin = appOriginOf('companion.example');

describe('isPermissionGranted', () => {
  it('grants nothing yet', () => {
    expect(grantedPermissions.size).toBe(0);
  });

  // Every name Electron 45's setPermissionRequestHandler can pass (electron.d.ts), plus the device
  // kinds of setDevicePermissionHandler. Passkeys need none of them: WebAuthn is not a permission in
  // Chromium, and platform authenticators bring their own consent UI.
  it.each([
    ...['ar', 'automatic-fullscreen', 'background-fetch', 'background-sync', 'captured-surface-control', 'clipboard-read'],
    ...['clipboard-sanitized-write', 'deprecated-sync-clipboard-read', 'display-capture', 'fileSystem', 'fullscreen', 'geolocation'],
    ...['geolocation-approximate', 'hand-tracking', 'hid', 'idle-detection', 'keyboardLock', 'local-fonts', 'local-network'],
    ...['local-network-access', 'loopback-network', 'media', 'mediaKeySystem', 'midi', 'midiSysex', 'nfc', 'notifications'],
    ...['openExternal', 'payment-handler', 'periodic-background-sync', 'persistent-storage', 'pointerLock', 'screen-wake-lock'],
    ...['sensors', 'serial', 'smart-card', 'speaker-selection', 'storage-access', 'system-wake-lock', 'top-level-storage-access'],
    ...['usb', 'vr', 'web-app-installation', 'web-printing', 'window-management', 'unknown', 'bluetooth'],
  ])('denies %s even to the app origin', (permission) => {
    expect(isPermissionGranted(permission, 'https://companion.example/', appOrigin)).toBe(false);
    expect(isPermissionGranted(permission, appOrigin, appOrigin)).toBe(false);
  });

  it('denies requests whose origin is opaque or missing', () => {
    const granted = new Set(['hid']);
    for (const origin of ['null', '', 'file:///opt/Companion/index.html', 'about:blank']) {
      expect(isPermissionGranted('hid', origin, appOrigin, granted), origin).toBe(false);
    }
  });

  it('would grant an allowed permission to the app origin only', () => {
    const granted = new Set(['hid']);
    expect(isPermissionGranted('hid', appOrigin, appOrigin, granted)).toBe(true);
    expect(isPermissionGranted('hid', 'https://companion.example.evil.com', appOrigin, granted)).toBe(false);
    expect(isPermissionGranted('hid', 'http://companion.example', appOrigin, granted)).toBe(false);
    expect(isPermissionGranted('usb', appOrigin, appOrigin, granted)).toBe(false);
  });
});
