// Table-driven over the whole contract: every call refuses malformed payloads with IPC_INVALID_INPUT
// before its handler runs, and accepts a well-formed one.
import { describe, expect, it, vi } from 'vitest';
import { callNames, type CallInput, type CallName } from '../../../src-shared/contract.ts';
import { dispatch, type Handlers } from '../../../src-main/ipc/dispatch.ts';

const ceremony = 'c'.repeat(22);
const prfOutput = 'P'.repeat(43);
const registration: CallInput<'finishPasskeyEnrollment'>['registration'] = {
  id: 'AAEC',
  rawId: 'AAEC',
  type: 'public-key',
  response: { clientDataJSON: 'e30', attestationObject: 'o2Nm', transports: ['internal'] },
  clientExtensionResults: { prf: { enabled: true } },
};
const assertion: CallInput<'testPasskey'>['assertion'] = {
  id: 'AAEC',
  rawId: 'AAEC',
  type: 'public-key',
  response: { clientDataJSON: 'e30', authenticatorData: 'SZYN', signature: 'MEU' },
  clientExtensionResults: {},
};

const creationOptions: CallInput<'nativeCreatePasskey'>['creation'] = {
  rp: { id: 'companion.example', name: 'Companion' },
  user: { id: 'dXNlcg', name: 'Companion backup', displayName: 'Companion backup' },
  challenge: prfOutput,
  pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  timeout: 120000,
  excludeCredentials: [],
  authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
  attestation: 'none',
  extensions: { prf: { eval: { first: prfOutput } } },
};
const requestOptions: CallInput<'nativeGetPasskey'>['request'] = {
  rpId: 'companion.example',
  challenge: prfOutput,
  timeout: 120000,
  userVerification: 'required',
  allowCredentials: [{ type: 'public-key', id: 'AAEC' }],
  extensions: { prf: { evalByCredential: { AAEC: { first: prfOutput, second: prfOutput } } } },
};

const s3Location = {
  kind: 's3',
  endpoint: 'https://s3.eu-west-1.amazonaws.com',
  region: 'eu-west-1',
  bucket: 'family-backups',
  prefix: 'companion/laptop',
  pathStyle: false,
  accessKeyId: 'AKIAEXAMPLE',
  secretAccessKey: 'not-a-real-secret',
} as const;

/** One valid input per call. The mapped type makes a new call without an example a type error. */
const validInputs: { readonly [K in CallName]: CallInput<K> } = {
  getAppInfo: {},
  getStats: {},
  listChats: {},
  getMessages: { chatId: 1, offset: 0, limit: 100 },
  searchMessages: { query: 'ferry' },
  importChatExport: { source: { kind: 'upload', uploadId: 'a'.repeat(32) }, operationId: 'op-12345678' },
  cancelOperation: { operationId: 'op-12345678' },
  getBackupStatus: {},
  setUpBackup: { location: { kind: 'folder', path: '/media/backup/Companion' } },
  backUpNow: { operationId: 'op-12345678' },
  listBackupSnapshots: { location: { kind: 'folder', path: 'D:\\Backups' } },
  unlockBackup: { location: { kind: 'folder', path: '/media/backup' }, unlock: { kind: 'recovery-key', recoveryKey: '2201-8FY0-53QR' } },
  restoreBackup: { sessionId: 's'.repeat(24), snapshotId: 'a'.repeat(32), operationId: 'op-12345678' },
  verifyBackup: { full: true },
  inspectBackup: { location: { kind: 'folder', path: '\\\\nas\\share\\backup' } },
  testBackupDestination: { location: s3Location },
  getBackupHistory: {},
  pruneBackups: { keep: 7 },
  getSecuritySettings: {},
  startPasskeyEnrollment: { label: 'MacBook Touch ID' },
  finishPasskeyEnrollment: { ceremonyId: ceremony, registration, prf: { first: prfOutput } },
  startPasskeyUnlock: { location: { kind: 'folder', path: '/media/backup' } },
  testPasskey: { ceremonyId: ceremony, assertion, prf: { first: prfOutput, second: prfOutput } },
  renamePasskey: { ceremonyId: ceremony, assertion, prf: { first: prfOutput }, slotId: 'b'.repeat(32), label: 'Phone' },
  removePasskey: { slotId: 'b'.repeat(32) },
  getPasskeyPath: {},
  nativeCreatePasskey: { creation: creationOptions },
  nativeGetPasskey: { request: requestOptions },
  getDiagnosticsTimeline: {},
  getDiagnostics: {},
  getBackupSchedule: {},
  pickBackupFolder: {},
  setBackupSchedule: { frequency: 'weekly', includeMedia: false, keep: 30 },
  recordCeremonyFailure: {
    ceremonyId: ceremony,
    stage: 'create',
    code: 'PASSKEY_PRF_UNSUPPORTED',
    prfEnabled: false,
    transports: ['internal'],
  },
};

const folder = (path: unknown) => ({ kind: 'folder', path });
/** Locations no call accepts: relative, empty, NUL bytes, another kind, or a path where a location goes. */
const badLocations: readonly unknown[] = [
  folder('relative/path'),
  folder(''),
  folder('/tmp/a\0b'),
  folder(42),
  { kind: 's3', path: '/x' },
  '/media/backup',
  { kind: 'folder', path: '/x', extra: true },
  { ...s3Location, endpoint: 'ftp://s3.example' },
  { ...s3Location, endpoint: 'not a url' },
  { ...s3Location, bucket: 'No_Such' },
  { ...s3Location, bucket: 'ab' },
  { ...s3Location, prefix: '/absolute' },
  { ...s3Location, prefix: 'a/../b' },
  { ...s3Location, pathStyle: 'yes' },
  { ...s3Location, accessKeyId: '' },
  { ...s3Location, secretAccessKey: '' },
  { ...s3Location, region: '' },
  { ...s3Location, secretSaved: true },
];

/** Payloads no call accepts: wrong shapes, and objects with keys the contract does not know. */
const malformedForEveryCall: readonly unknown[] = [
  'text',
  42,
  true,
  [],
  [{}],
  { unexpected: 1 },
  { ...{ __proto__: { polluted: true } }, extra: 'x' },
];

/** Call-specific malformed payloads: wrong types, out-of-range numbers, wrong enum values. */
const malformedByCall: { readonly [K in CallName]: readonly unknown[] } = {
  getAppInfo: [],
  getStats: [],
  listChats: [],
  getMessages: [
    {},
    { chatId: '1', offset: 0, limit: 10 },
    { chatId: -1, offset: 0, limit: 10 },
    { chatId: 1.5, offset: 0, limit: 10 },
    { chatId: 1, offset: -1, limit: 10 },
    { chatId: 1, offset: 0, limit: 0 },
    { chatId: 1, offset: 0, limit: 501 },
    { chatId: 1, offset: 0, limit: Number.NaN },
  ],
  searchMessages: [
    {},
    { query: '' },
    { query: '   ' },
    { query: 'x'.repeat(201) },
    { query: 'a', limit: 0 },
    { query: 'a', chatId: 'all' },
    { query: 7 },
  ],
  importChatExport: [
    {},
    { source: {} },
    { source: { kind: 'path', path: '/etc/passwd' } },
    { source: { kind: 'upload', uploadId: '../../etc/passwd' } },
    { source: { kind: 'upload', uploadId: 'A'.repeat(32) } },
    { source: { kind: 'dialog', path: '/tmp/x' } },
    { source: { kind: 'dialog' }, operationId: 'bad id!' },
  ],
  cancelOperation: [{}, { operationId: '' }, { operationId: 'short' }, { operationId: 'x'.repeat(65) }, { operationId: 12345678 }],
  getBackupStatus: [],
  setUpBackup: [{}, ...badLocations.map((location) => ({ location }))],
  backUpNow: [{ operationId: 'bad id!' }],
  listBackupSnapshots: [{ recoveryKey: 'x' }, ...badLocations.map((location) => ({ location }))],
  unlockBackup: [
    {},
    { location: folder('/b') },
    { location: folder('/b'), unlock: { kind: 'recovery-key', recoveryKey: '' } },
    { location: folder('/b'), unlock: { kind: 'recovery-key', recoveryKey: 'x'.repeat(201) } },
    { location: folder('/b'), unlock: { kind: 'password', password: 'x' } },
    { location: folder('/b'), unlock: { kind: 'passkey', ceremonyId: 'c'.repeat(20) } },
    ...badLocations.map((location) => ({ location, unlock: { kind: 'recovery-key', recoveryKey: 'x' } })),
  ],
  restoreBackup: [
    {},
    { sessionId: 'short' },
    { sessionId: 's'.repeat(24), snapshotId: 'latest' },
    { location: folder('/b'), recoveryKey: 'x' },
  ],
  verifyBackup: [{}, { full: 'yes' }, ...badLocations.map((location) => ({ location, full: false }))],
  inspectBackup: [{}, ...badLocations.map((location) => ({ location }))],
  testBackupDestination: [{}, ...badLocations.map((location) => ({ location }))],
  getBackupHistory: [{ limit: 10 }],
  pruneBackups: [{}, { keep: 0 }, { keep: 1.5 }, { keep: '3' }, { keep: 10_001 }],
  getSecuritySettings: [],
  startPasskeyEnrollment: [{}, { label: '' }, { label: '   ' }, { label: 'x'.repeat(65) }],
  finishPasskeyEnrollment: [
    {},
    { ceremonyId: ceremony, registration },
    { ceremonyId: ceremony, registration, prf: { first: 'short' } },
    { ceremonyId: 'bad id', registration, prf: { first: prfOutput } },
    // PRF output must never ride inside clientExtensionResults, where it would be logged with the response.
    {
      ceremonyId: ceremony,
      registration: { ...registration, clientExtensionResults: { prf: { enabled: true, results: { first: prfOutput } } } },
      prf: { first: prfOutput },
    },
    { ceremonyId: ceremony, registration: { ...registration, type: 'password' }, prf: { first: prfOutput } },
  ],
  startPasskeyUnlock: badLocations.map((location) => ({ location })),
  testPasskey: [
    {},
    { ceremonyId: ceremony, assertion, prf: {} },
    {
      ceremonyId: ceremony,
      assertion: { ...assertion, clientExtensionResults: { prf: { results: { first: prfOutput } } } },
      prf: { first: prfOutput },
    },
    { ceremonyId: ceremony, assertion: { ...assertion, response: { clientDataJSON: 'not base64url!' } }, prf: { first: prfOutput } },
  ],
  renamePasskey: [
    { ceremonyId: ceremony, assertion, prf: { first: prfOutput }, slotId: 'b'.repeat(32) },
    { ceremonyId: ceremony, assertion, prf: { first: prfOutput }, slotId: 'B'.repeat(32), label: 'x' },
  ],
  removePasskey: [{}, { slotId: '../keys' }],
  getDiagnosticsTimeline: [],
  getDiagnostics: [],
  getBackupSchedule: [],
  pickBackupFolder: [],
  setBackupSchedule: [
    {},
    { frequency: 'hourly', includeMedia: true, keep: null },
    { frequency: 'daily', includeMedia: 'yes', keep: null },
    { frequency: 'daily', includeMedia: true, keep: 0 },
    { frequency: 'daily', includeMedia: true },
  ],
  recordCeremonyFailure: [
    { ceremonyId: ceremony, stage: 'create', prfEnabled: null },
    { ceremonyId: ceremony, stage: 'sign', code: 'PASSKEY_NOT_FOUND', prfEnabled: null },
    // Only passkey codes, so nothing else can be written into the journal from the renderer.
    { ceremonyId: ceremony, stage: 'get', code: 'RECOVERY_KEY_WRONG', prfEnabled: null },
    { ceremonyId: ceremony, stage: 'get', code: 'PASSKEY_NOT_FOUND; rm -rf', prfEnabled: null },
  ],
  getPasskeyPath: [],
  nativeCreatePasskey: [
    {},
    { creation: { ...creationOptions, authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' } } },
    { creation: { ...creationOptions, extensions: {} } },
    { creation: { ...creationOptions, attestation: 'direct' } },
  ],
  nativeGetPasskey: [
    {},
    { request: { ...requestOptions, userVerification: 'discouraged' } },
    { request: { ...requestOptions, extensions: { prf: { evalByCredential: { AAEC: { first: 'short' } } } } } },
  ],
};

function spyHandlers(): Handlers {
  return Object.fromEntries(
    callNames.map((name) => [name, vi.fn(() => Promise.reject(new Error('the handler must not run')))]),
  ) as unknown as Handlers;
}

describe.each(callNames)('contract call %s', (name) => {
  it.each([...malformedForEveryCall, ...malformedByCall[name]].map((payload) => [JSON.stringify(payload) ?? String(payload), payload]))(
    'refuses %s with IPC_INVALID_INPUT before the handler runs',
    async (_label, payload) => {
      const handlers = spyHandlers();
      const result = await dispatch(handlers, name, payload);
      expect(result).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_INPUT', details: { method: name } } });
      expect(handlers[name]).not.toHaveBeenCalled();
    },
  );

  it('passes a valid payload to its handler', async () => {
    const handlers = spyHandlers();
    await dispatch(handlers, name, validInputs[name]);
    expect(handlers[name]).toHaveBeenCalledTimes(1);
  });
});

describe('dispatch', () => {
  it('refuses an unknown method, including names inherited from Object', async () => {
    for (const name of ['deleteEverything', 'constructor', '__proto__', 'toString', 42, null]) {
      expect(await dispatch(spyHandlers(), name, {})).toMatchObject({ ok: false, error: { code: 'IPC_UNKNOWN_METHOD' } });
    }
  });

  it('never echoes payload values in the error, which may be secrets', async () => {
    const result = await dispatch(spyHandlers(), 'searchMessages', { query: 7, secret: 'CANARY-RECOVERY-KEY' });
    expect(JSON.stringify(result)).not.toContain('CANARY');
  });

  it('turns an unexpected handler exception into INTERNAL_ERROR without its text', async () => {
    const handlers = { ...spyHandlers(), getStats: () => Promise.reject(new Error('/home/someone/private path')) };
    const result = await dispatch(handlers, 'getStats', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL_ERROR' } });
    expect(JSON.stringify(result)).not.toContain('private path');
  });

  it('reports a disk-full error by its own code', async () => {
    const handlers = { ...spyHandlers(), getStats: () => Promise.reject(Object.assign(new Error('SQLITE_FULL'), { code: 'SQLITE_FULL' })) };
    expect(await dispatch(handlers, 'getStats', {})).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } });
  });

  it('refuses a handler result that breaks the contract', async () => {
    const handlers = { ...spyHandlers(), getStats: () => Promise.resolve({ chats: -1, messages: 0, attachments: 0 }) };
    expect(await dispatch(handlers as Handlers, 'getStats', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL_ERROR' } });
  });
});
