import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyDistFailure, firstLineOf } from '../../../src-main/packaging/dist-failure.ts';
import { distConfigOverrides, hasNotarizationCredentials, parseDistArgs, releaseCheck } from '../../../src-main/packaging/dist-options.ts';
import { electronDistFor } from '../../../src-main/packaging/electron-dist.ts';

describe('parseDistArgs', () => {
  it('builds installers by default, only the app folder with --dir', () => {
    expect(parseDistArgs([])).toEqual({ dirOnly: false, outputDir: null, useBuiltBundles: false });
    expect(parseDistArgs(['--dir', '--output', 'build/x', '--no-build'])).toEqual({
      dirOnly: true,
      outputDir: path.resolve('build/x'),
      useBuiltBundles: true,
    });
  });

  it('refuses what it does not know, and --output without a folder', () => {
    expect(() => parseDistArgs(['--mac'])).toThrow('Unknown argument --mac');
    expect(() => parseDistArgs(['--output'])).toThrow('--output needs a folder');
    expect(() => parseDistArgs(['--output', '--dir'])).toThrow('--output needs a folder');
  });
});

describe('releaseCheck', () => {
  const signedMac = {
    CSC_LINK: 'cert.p12',
    APPLE_API_KEY: 'key.p8',
    APPLE_API_KEY_ID: 'ID',
    APPLE_API_ISSUER: 'issuer',
    APPLE_TEAM_ID: 'ABCDE12345',
    COMPANION_MAC_PROVISIONING_PROFILE: 'companion.provisionprofile',
  };

  it('finds nothing missing on a fully set-up Mac', () => {
    expect(releaseCheck(signedMac, 'darwin').problems).toEqual([]);
  });

  it.each([
    ['CSC_LINK', /signing identity/],
    ['APPLE_API_ISSUER', /notarization/],
    ['APPLE_TEAM_ID', /application identifier.*1004/],
    ['COMPANION_MAC_PROVISIONING_PROFILE', /provisioning profile.*passkeys/],
  ])('names what is missing on a Mac without %s', (name, problem) => {
    const { problems } = releaseCheck({ ...signedMac, [name]: '' }, 'darwin');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it('wants a certificate or Azure Trusted Signing on Windows, and nothing on Linux', () => {
    expect(releaseCheck({}, 'win32').problems).toEqual([expect.stringMatching(/SmartScreen/)]);
    expect(releaseCheck({ CSC_LINK: 'c.pfx' }, 'win32').problems).toEqual([]);
    expect(releaseCheck({ AZURE_TENANT_ID: 't' }, 'win32').problems).toEqual([]);
    expect(releaseCheck({}, 'linux').problems).toEqual([]);
  });

  it('is strict only with COMPANION_REQUIRE_SIGNING=1', () => {
    expect(releaseCheck({}, 'darwin').strict).toBe(false);
    expect(releaseCheck({ COMPANION_REQUIRE_SIGNING: '1' }, 'darwin').strict).toBe(true);
  });

  it("accepts each of electron-builder's three kinds of notarization credentials, and only complete ones", () => {
    expect(hasNotarizationCredentials({ APPLE_ID: 'a', APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 't' })).toBe(true);
    expect(hasNotarizationCredentials({ APPLE_KEYCHAIN: 'k', APPLE_KEYCHAIN_PROFILE: 'p' })).toBe(true);
    expect(hasNotarizationCredentials({ APPLE_ID: 'a', APPLE_TEAM_ID: 't' })).toBe(false);
  });
});

describe('distConfigOverrides', () => {
  it('adds only what was asked for', () => {
    expect(distConfigOverrides({ dirOnly: false, outputDir: null, useBuiltBundles: false }, {})).toEqual({});
    expect(distConfigOverrides({ dirOnly: false, outputDir: null, useBuiltBundles: false }, {}, '/tmp/e.plist')).toEqual({
      mac: { entitlements: '/tmp/e.plist' },
    });
    expect(
      distConfigOverrides(
        { dirOnly: true, outputDir: '/tmp/o', useBuiltBundles: true },
        { COMPANION_MAC_PROVISIONING_PROFILE: 'p.provisionprofile' },
      ),
    ).toEqual({
      directories: { output: '/tmp/o' },
      mac: { provisioningProfile: path.resolve('p.provisionprofile') },
    });
  });
});

describe('electronDistFor', () => {
  it('uses the installed Electron for the host platform and arch only', () => {
    const host = { platformName: 'linux', arch: 'x64' };
    expect(electronDistFor('/p/node_modules/electron/dist/electron', host, host)).toBe('/p/node_modules/electron/dist');
    expect(electronDistFor('/p/node_modules/electron/dist/electron', host, { platformName: 'linux', arch: 'arm64' })).toBeNull();
    expect(electronDistFor('/p/node_modules/electron/dist/electron', host, { platformName: 'win32', arch: 'x64' })).toBeNull();
  });

  it('points at the folder that holds Electron.app on macOS', () => {
    const host = { platformName: 'darwin', arch: 'arm64' };
    expect(electronDistFor('/p/node_modules/electron/dist/Electron.app/Contents/MacOS/Electron', host, host)).toBe(
      '/p/node_modules/electron/dist',
    );
  });
});

describe('classifyDistFailure', () => {
  it.each(['getaddrinfo ENOTFOUND github.com', 'connect ECONNREFUSED 127.0.0.1:443', 'HTTPError: Response code 404 (Not Found)'])(
    'calls %j an Electron download failure while Electron was being fetched, else a tool download failure',
    (message) => {
      expect(classifyDistFailure(new Error(message), true)).toBe('electron-download');
      expect(classifyDistFailure(new Error(message), false)).toBe('tool-download');
    },
  );

  it('leaves other failures alone, whenever they happen', () => {
    const invalid = new Error('Invalid configuration object. electron-builder 26 has been initialized');
    expect(classifyDistFailure(invalid, true)).toBe('other');
    expect(classifyDistFailure(invalid, false)).toBe('other');
    expect(firstLineOf(new Error('\nfirst\nsecond'))).toBe('first');
  });
});
