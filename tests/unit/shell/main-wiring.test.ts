// Runs src-main/app/main.ts under Node against a stand-in 'electron' module (fake-electron.ts). This
// does not show that Electron behaves as expected (nothing here can launch Electron); it pins down
// the wiring: which session gets the https handler, that every contract call is bound behind the
// sender check, that events reach the window, and that quitting closes the store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callNames, channelOf, type CallName } from '../../../src-shared/contract.ts';
import { app, fakeState, type FakeSession, type FakeWebContents } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

const appOrigin = 'https://companion.example';
const fixture = path.resolve(import.meta.dirname, '../../fixtures/chat-exports/android-en-us.txt');
const trustedEvent = { sender: { id: 41 }, senderFrame: { url: `${appOrigin}/chats`, origin: appOrigin, parent: null } };
let profile: string;

function call(name: CallName, event: unknown, payload: unknown): Promise<unknown> {
  const handler = fakeState.handlers.get(channelOf(name));
  if (handler === undefined) throw new Error(`${name} is not bound`);
  return Promise.resolve(handler(event, payload));
}

function appSession(): FakeSession {
  const found = fakeState.sessions.get('persist:companion');
  if (found === undefined) throw new Error('the app session was never used');
  return found;
}

function appContents(): FakeWebContents {
  const found = fakeState.windows[0]?.contents;
  if (found === undefined) throw new Error('no window');
  return found;
}

beforeAll(async () => {
  profile = mkdtempSync(path.join(tmpdir(), 'companion-main-'));
  fakeState.userData = profile;
  await import('../../../src-main/app/main.ts');
  await vi.waitFor(() => expect(fakeState.windows).toHaveLength(1));
});

afterAll(() => {
  app.emit('will-quit');
  rmSync(profile, { recursive: true, force: true });
});

describe('main.ts wiring (stand-in electron module)', () => {
  it('opens one window on the app origin, in the app session, with the hardened options', () => {
    expect(appContents().getURL()).toBe(`${appOrigin}/`);
    expect(fakeState.windows[0]?.options).toMatchObject({
      show: false,
      webPreferences: { partition: 'persist:companion', sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
  });

  it('serves the app origin in the app session and blocks other hosts and plain http', async () => {
    const https = appSession().protocols.get('https');
    const http = appSession().protocols.get('http');
    if (https === undefined || http === undefined) throw new Error('protocol handlers missing');
    // The app server answers (with its CSP) even for a missing file; the guard answers bare.
    const served = await https(new Request(`${appOrigin}/missing.js`));
    expect(served.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
    const foreign = await https(new Request('https://example.com/'));
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('Content-Security-Policy')).toBeNull();
    expect((await http(new Request('http://companion.example/'))).status).toBe(404);
  });

  it('denies permissions in the app session and the default session', () => {
    for (const session of [appSession(), fakeState.sessions.get('(default)')]) {
      const granted: boolean[] = [];
      session?.permissionRequest?.({}, 'media', (value) => granted.push(value), { requestingUrl: `${appOrigin}/` });
      expect(granted).toEqual([false]);
      expect(session?.permissionCheck?.({}, 'notifications', appOrigin)).toBe(false);
    }
  });

  it('binds exactly the contract calls', () => {
    expect([...fakeState.handlers.keys()].sort()).toEqual(callNames.map(channelOf).sort());
  });

  it('answers the app window and refuses any other sender', async () => {
    await expect(call('getAppInfo', trustedEvent, {})).resolves.toMatchObject({
      ok: true,
      value: { version: '9.9.9', host: 'electron', canPickFiles: true },
    });
    const untrusted = [
      { ...trustedEvent, senderFrame: { ...trustedEvent.senderFrame, parent: {} } },
      { ...trustedEvent, senderFrame: { url: 'https://evil.example/', origin: 'https://evil.example', parent: null } },
      { ...trustedEvent, sender: { id: 99 } },
      { ...trustedEvent, senderFrame: null },
    ];
    for (const event of untrusted) {
      await expect(call('getAppInfo', event, {})).resolves.toMatchObject({ ok: false, error: { code: 'IPC_FORBIDDEN_SENDER' } });
    }
  });

  it('validates payloads from the trusted sender', async () => {
    await expect(call('getMessages', trustedEvent, { chatId: -1 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'IPC_INVALID_INPUT' },
    });
  });

  it('imports through the native dialog and forwards the events to the window', async () => {
    fakeState.pickedFile = fixture;
    const result = await call('importChatExport', trustedEvent, { source: { kind: 'dialog' }, operationId: 'wiring-test-1' });
    expect(result).toMatchObject({ ok: true, value: { messagesAdded: expect.any(Number) as number } });
    const channels = appContents().sent.map(([channel]) => channel);
    expect(channels).toContain(channelOf('storeChanged'));
  });

  it('guards navigation and window.open on every webContents', () => {
    const navigate = (url: string): boolean => {
      let prevented = false;
      appContents().emit('will-navigate', { url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate(`${appOrigin}/`)).toBe(false);
    expect(appContents().windowOpenHandler?.()).toEqual({ action: 'deny' });
  });
});
