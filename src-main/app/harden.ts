// Applies the pure policies to Electron objects. Kept apart from main.ts so every webContents the
// app ever creates (app 'web-contents-created') gets the same guards, not only the main window.
import type { Session, WebContents } from 'electron';
import { createLogger } from '../log.ts';
import { navigationVerdict, webviewVerdict, windowOpenResponse } from './navigation-policy.ts';
import { isPermissionGranted } from './permission-policy.ts';

const log = createLogger('app/harden');

export function hardenSession(session: Session, appOrigin: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl, appOrigin));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin, appOrigin),
  );
  session.setDevicePermissionHandler((details) => isPermissionGranted(details.deviceType, details.origin, appOrigin));
  // Nothing in the app downloads through the renderer; files are saved by main through the contract.
  session.on('will-download', (event) => event.preventDefault());
}

export function hardenWebContents(contents: WebContents, appOrigin: string): void {
  const guard = (event: { readonly url: string; preventDefault(): void }): void => {
    if (navigationVerdict(event.url, appOrigin) === 'allow') return;
    log.warn('blocked a navigation away from the app origin');
    event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => {
    if (webviewVerdict() === 'deny') event.preventDefault();
  });
  contents.setWindowOpenHandler(() => windowOpenResponse());
}
