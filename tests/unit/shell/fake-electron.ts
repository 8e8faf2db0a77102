// A stand-in for the parts of the 'electron' module that src-main/app/main.ts uses, recording what
// the shell registers so tests can drive it. It only has to be as faithful as the wiring needs:
// the real API shapes are enforced by type-checking the shell against electron.d.ts.
import { EventEmitter } from 'node:events';

export type IpcHandler = (event: unknown, payload: unknown) => unknown;
export type ProtocolHandler = (request: Request) => Promise<Response>;

export interface FakeSession {
  readonly protocols: Map<string, ProtocolHandler>;
  permissionRequest?: (
    contents: unknown,
    permission: string,
    callback: (granted: boolean) => void,
    details: { requestingUrl: string },
  ) => void;
  permissionCheck?: (contents: unknown, permission: string, origin: string) => boolean;
}

export class FakeWebContents extends EventEmitter {
  readonly id: number;
  url = '';
  readonly sent: Array<readonly [string, unknown]> = [];
  windowOpenHandler: (() => unknown) | undefined;

  constructor(id: number) {
    super();
    this.id = id;
  }

  getURL(): string {
    return this.url;
  }

  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }

  setWindowOpenHandler(handler: () => unknown): void {
    this.windowOpenHandler = handler;
  }
}

export const fakeState = {
  userData: '',
  pickedFile: null as string | null,
  quitCalls: 0,
  handlers: new Map<string, IpcHandler>(),
  sessions: new Map<string, FakeSession>(),
  windows: [] as Array<{ readonly options: unknown; readonly contents: FakeWebContents }>,
};

function sessionApi(name: string): object {
  const state: FakeSession = { protocols: new Map() };
  fakeState.sessions.set(name, state);
  return {
    protocol: { handle: (scheme: string, handler: ProtocolHandler) => state.protocols.set(scheme, handler) },
    setPermissionRequestHandler: (handler: FakeSession['permissionRequest']) => (state.permissionRequest = handler),
    setPermissionCheckHandler: (handler: FakeSession['permissionCheck']) => (state.permissionCheck = handler),
    setDevicePermissionHandler: () => undefined,
    on: () => undefined,
  };
}

export const app = Object.assign(new EventEmitter(), {
  enableSandbox: () => undefined,
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  getPath: (name: string) => (name === 'userData' ? fakeState.userData : ''),
  getVersion: () => '9.9.9',
  quit: () => void (fakeState.quitCalls += 1),
  exit: () => undefined,
});

export class BrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents(41 + fakeState.windows.length);

  constructor(options: unknown) {
    super();
    fakeState.windows.push({ options, contents: this.webContents });
    app.emit('web-contents-created', {}, this.webContents);
  }

  loadURL(url: string): Promise<void> {
    this.webContents.url = url;
    return Promise.resolve();
  }

  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  show(): void {}
}

export const dialog = {
  showOpenDialog: () =>
    Promise.resolve(
      fakeState.pickedFile === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [fakeState.pickedFile] },
    ),
  showErrorBox: () => undefined,
};

export const ipcMain = {
  handle: (channel: string, handler: IpcHandler) => fakeState.handlers.set(channel, handler),
  removeHandler: (channel: string) => fakeState.handlers.delete(channel),
};

/** Like a Linux desktop without a keyring: Electron falls back to basic_text. */
export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: (plaintext: string) => Buffer.from(plaintext),
  decryptString: (sealed: Buffer) => sealed.toString(),
};

export const session = { defaultSession: sessionApi('(default)'), fromPartition: (name: string) => sessionApi(name) };
