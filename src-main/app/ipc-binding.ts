// Binds every contract call to ipcMain.handle and forwards every contract event to the app window.
// The sender is checked before the payload is even looked at; then dispatch() validates the payload.
import { ipcMain, type BrowserWindow } from 'electron';
import { callNames, channelOf } from '../../src-shared/contract.ts';
import { AppError, type Result } from '../../src-shared/errors.ts';
import { dispatch, type Handlers } from '../ipc/dispatch.ts';
import { createLogger } from '../log.ts';
import type { EventBus } from '../services/event-bus.ts';
import { isAppUrl } from './app-origin.ts';
import { isTrustedSender, senderFactsOf } from './sender-policy.ts';

const log = createLogger('app/ipc');

export interface IpcBindingOptions {
  readonly handlers: Handlers;
  readonly events: EventBus;
  readonly appOrigin: string;
  /** The app window, or null while none is open (macOS keeps the app running without one). */
  readonly getWindow: () => BrowserWindow | null;
}

function liveWindow(getWindow: () => BrowserWindow | null): BrowserWindow | null {
  const win = getWindow();
  return win === null || win.isDestroyed() ? null : win;
}

/** Registers the handlers once per app run; returns the function that removes them. */
export function bindIpc(options: IpcBindingOptions): () => void {
  const forbidden: Result<never> = { ok: false, error: new AppError('IPC_FORBIDDEN_SENDER').toData() };
  for (const name of callNames) {
    ipcMain.handle(channelOf(name), (event, payload: unknown) => {
      const appContentsId = liveWindow(options.getWindow)?.webContents.id ?? null;
      if (!isTrustedSender(senderFactsOf(event, appContentsId), options.appOrigin)) {
        log.warn('refused a call from an untrusted sender', { method: name });
        return forbidden;
      }
      return dispatch(options.handlers, name, payload);
    });
  }
  const unsubscribe = options.events.subscribe((event, payload) => {
    const win = liveWindow(options.getWindow);
    // Events go only to a window that still shows the app (never to a page it was navigated to).
    if (win === null || !isAppUrl(win.webContents.getURL(), options.appOrigin)) return;
    win.webContents.send(channelOf(event), payload);
  });
  return () => {
    unsubscribe();
    for (const name of callNames) ipcMain.removeHandler(channelOf(name));
  };
}
