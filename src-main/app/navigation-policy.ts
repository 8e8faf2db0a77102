// What the app window may navigate to or open. The renderer is a single page served from the app
// origin: any navigation elsewhere (a link in a message, a redirect, an injected script) is refused.
// External links are not opened at all for now: the renderer shows them as text. Opening them in the
// system browser needs a contract call with its own checks (https only, user gesture), not a
// side-channel through window.open.
import type { WindowOpenHandlerResponse } from 'electron';
import { isAppUrl } from './app-origin.ts';

export type NavigationVerdict = 'allow' | 'deny';

/** will-navigate, will-frame-navigate and will-redirect: only the app origin itself. */
export function navigationVerdict(url: string, appOrigin: string): NavigationVerdict {
  return isAppUrl(url, appOrigin) ? 'allow' : 'deny';
}

/** window.open and target=_blank: never a second window. */
export function windowOpenResponse(): WindowOpenHandlerResponse {
  return { action: 'deny' };
}

/** <webview> is disabled in webPreferences; if one is attached anyway, it is refused. */
export function webviewVerdict(): NavigationVerdict {
  return 'deny';
}
