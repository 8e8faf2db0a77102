// Creates the app window and loads the renderer from the app origin.
import { BrowserWindow } from 'electron';
import { createLogger } from '../log.ts';
import { windowOptions } from './window-options.ts';

const log = createLogger('app/window');

export function createAppWindow(preloadPath: string, appOrigin: string): BrowserWindow {
  const win = new BrowserWindow(windowOptions(preloadPath));
  win.once('ready-to-show', () => win.show());
  win.loadURL(`${appOrigin}/`).catch((error: unknown) => log.error('the renderer failed to load', error));
  return win;
}
