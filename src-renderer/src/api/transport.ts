// Picks how the renderer reaches main: the preload's window.companion inside Electron, the browser
// host's WebSocket everywhere else. Both expose the same CompanionApi.
import type { CompanionApi } from '../../../src-shared/api.ts';
import { alwaysOpen, type Connection } from './connection.ts';
import { createWebSocketClient, defaultSocketUrl } from './ws-client.ts';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in a plain browser. */
    readonly companion?: CompanionApi;
  }
}

export interface Transport {
  readonly kind: 'electron' | 'web';
  readonly api: CompanionApi;
  readonly connection: Connection;
}

export function chooseTransport(target: Window = window): Transport {
  if (target.companion !== undefined) return { kind: 'electron', api: target.companion, connection: alwaysOpen };
  const client = createWebSocketClient(defaultSocketUrl(target.location));
  return { kind: 'web', api: client.api, connection: client.connection };
}
