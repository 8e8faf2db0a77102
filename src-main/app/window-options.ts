// The app window's options: every renderer hardening switch is set explicitly, even where it is
// Electron's default, so a change of default or a careless edit shows up in review and in tests.
import type { BrowserWindowConstructorOptions } from 'electron';

/** A dedicated, persistent session: the protocol handler and permission policy apply only here. */
export const appPartition = 'persist:companion';

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: 'Companion',
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    backgroundColor: '#101418',
    // Shown on ready-to-show, so the person never sees a blank white frame.
    show: false,
    webPreferences: {
      preload: preloadPath,
      partition: appPartition,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}
