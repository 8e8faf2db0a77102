// The Electron main process entry: app lifecycle only. Everything it wires together lives in plain
// Node modules (services, ipc, serve) or in the pure policies next to this file, which are tested
// without Electron.
import { app, dialog, safeStorage, session, type BrowserWindow } from 'electron';
import { errorCatalogue } from '../../src-shared/errors.ts';
import { createHandlers } from '../ipc/handlers.ts';
import { toAppError } from '../ipc/to-error-data.ts';
import { ceremonyPath } from '../passkeys/ceremony-path.ts';
import { createLogger } from '../log.ts';
import { createAppRequestHandler } from '../serve/serve-app.ts';
import { closeAppContext, createAppContext, type AppContext } from '../services/app-context.ts';
import type { BackupScheduler } from '../services/backup-scheduler.ts';
import { createBackupScheduler } from '../services/scheduled-backup.ts';
import { appOriginOf, resolveRpId } from './app-origin.ts';
import { createAppWindow } from './app-window.ts';
import { blockedResponse, guardAppRequests } from './app-request.ts';
import { bundlePaths } from './bundle-paths.ts';
import { hardenSession, hardenWebContents } from './harden.ts';
import { backupFolderDialogOptions, importDialogOptions, pickedPath } from './import-dialog.ts';
import { macosPasskeyBridge } from './macos-passkeys.ts';
import { bindIpc } from './ipc-binding.ts';
import { createOsSecretSealer, keystoreVerdict, readKeystoreFacts } from './os-sealer.ts';
import { appPartition } from './window-options.ts';

const log = createLogger('app');
const rpId = resolveRpId(process.env);
const appOrigin = appOriginOf(rpId);
const paths = bundlePaths(import.meta.dirname);

let win: BrowserWindow | null = null;
let context: AppContext | null = null;
let scheduler: BackupScheduler | null = null;

async function pickBackupFolder(): Promise<string | null> {
  const options = backupFolderDialogOptions();
  return pickedPath(win === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(win, options));
}

async function pickImportFile(): Promise<string | null> {
  const options = importDialogOptions();
  return pickedPath(win === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(win, options));
}

function openWindow(): void {
  win = createAppWindow(paths.preload, appOrigin);
  win.on('closed', () => {
    win = null;
  });
}

/** Said once per run: the backup-key cache will use a 0600 key file instead, and show why. */
function warnIfNoKeystore(): void {
  const keystore = keystoreVerdict(readKeystoreFacts(safeStorage, process.platform));
  if (!keystore.usable) log.warn(`OS keystore not used for the backup key: ${keystore.warning}`, { reason: keystore.reason });
}

function start(): void {
  warnIfNoKeystore();
  const profileDir = app.getPath('userData');
  context = createAppContext(profileDir, {
    kind: 'electron',
    version: app.getVersion(),
    pickImportFile,
    pickBackupFolder,
    keystore: createOsSecretSealer(safeStorage, process.platform),
    rpId,
    origin: appOrigin,
    ...(ceremonyPath(process.platform, 'electron') === 'native-macos' ? { nativePasskeys: macosPasskeyBridge(() => win, appOrigin) } : {}),
  });
  hardenSession(session.defaultSession, appOrigin);
  const appSession = session.fromPartition(appPartition);
  hardenSession(appSession, appOrigin);
  const serveApp = createAppRequestHandler({ rendererDir: paths.rendererDir, mediaDir: context.paths.media });
  appSession.protocol.handle('https', guardAppRequests(serveApp, appOrigin));
  appSession.protocol.handle('http', () => Promise.resolve(blockedResponse()));
  // Backups that run themselves: a missed one runs now, the rest when due (scheduled-backup.ts).
  const backupScheduler = createBackupScheduler(context);
  scheduler = backupScheduler;
  const handlers = createHandlers(context, { onScheduleChange: () => backupScheduler.reschedule() });
  bindIpc({ handlers, events: context.events, appOrigin, getWindow: () => win });
  backupScheduler.start();
  openWindow();
}

/** A store that cannot open (newer version, disk gone) is explained, never "repaired". */
function failStartup(error: unknown): void {
  const appError = toAppError(error);
  log.error('startup failed', error);
  const entry = errorCatalogue[appError.code];
  dialog.showErrorBox('Companion cannot start', `${entry.summary}\n\n${entry.userAction}\n\nError code: ${appError.code}`);
  app.exit(1);
}

// Every renderer is sandboxed, whatever its webPreferences say.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another Companion owns this profile's database; it gets the focus instead (second-instance).
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win === null) {
      if (context !== null) openWindow();
      return;
    }
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appOrigin));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (win === null && context !== null) openWindow();
  });
  app.on('will-quit', () => {
    if (context === null) return;
    scheduler?.stop();
    closeAppContext(context);
    context = null;
  });
  app.whenReady().then(start).catch(failStartup);
}
