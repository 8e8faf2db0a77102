import { describe, expect, it } from 'vitest';
import { appOriginOf } from '../../../src-main/app/app-origin.ts';
import { grantedPermissions, isPermissionGranted } from '../../../src-main/app/permission-policy.ts';

const appOrigin = appOriginOf('companion.example');

describe('isPermissionGranted', () => {
  it('grants nothing yet', () => {
    expect(grantedPermissions.size).toBe(0);
  });

  it.each([
    'media',
    'notifications',
    'clipboard-read',
    'clipboard-sanitized-write',
    'geolocation',
    'hid',
    'usb',
    'serial',
    'openExternal',
    'fullscreen',
    'unknown',
  ])('denies %s even to the app origin', (permission) => {
    expect(isPermissionGranted(permission, 'https://companion.example/', appOrigin)).toBe(false);
    expect(isPermissionGranted(permission, appOrigin, appOrigin)).toBe(false);
  });

  it('would grant an allowed permission to the app origin only', () => {
    const granted = new Set(['hid']);
    expect(isPermissionGranted('hid', appOrigin, appOrigin, granted)).toBe(true);
    expect(isPermissionGranted('hid', 'https://companion.example.evil.com', appOrigin, granted)).toBe(false);
    expect(isPermissionGranted('hid', 'http://companion.example', appOrigin, granted)).toBe(false);
    expect(isPermissionGranted('usb', appOrigin, appOrigin, granted)).toBe(false);
  });
});
