// Web permissions for the app session. Nothing is granted: no camera, microphone, notifications,
// clipboard reads, geolocation, HID, serial or USB. WebAuthn itself needs no permission grant in
// Chromium. If a passkey flow turns out to need one (for example 'hid' for some security keys, or
// 'clipboard-sanitized-write' to copy the recovery key), add exactly that name here, with a test:
// it is then granted to the app origin only, never to anything else.
import { isAppUrl } from './app-origin.ts';

export const grantedPermissions: ReadonlySet<string> = new Set<string>();

/** Used by the session's permission request, permission check and device permission handlers. */
export function isPermissionGranted(
  permission: string,
  requestingUrl: string,
  appOrigin: string,
  granted: ReadonlySet<string> = grantedPermissions,
): boolean {
  return granted.has(permission) && isAppUrl(requestingUrl, appOrigin);
}
