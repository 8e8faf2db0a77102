// electron-builder.yml against electron-builder's own JSON schema (the one it validates with), plus
// the decisions the issue asks for, so a careless edit fails here rather than on a release machine.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { load } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultRpId } from '../../src-main/app/app-origin.ts';
import { entitlementsPlist, macAppEntitlements } from '../../src-main/packaging/entitlements.ts';
import { repoRoot } from '../helpers/profile.ts';
import { readEntitlements } from './helpers/entitlements-plist.ts';

interface Target {
  readonly target: string;
  readonly arch: readonly string[];
}
type Config = Record<string, unknown> & {
  appId: string;
  files: string[];
  asarUnpack: string[];
  afterPack: string;
  directories: { buildResources: string };
  mac: Record<string, unknown> & { target: Target[]; entitlements: string; entitlementsInherit: string; icon: string };
  win: Record<string, unknown> & { target: Target[]; icon: string };
  nsis: Record<string, unknown>;
  linux: Record<string, unknown> & { target: Target[]; icon: string; desktop: { entry: Record<string, string> } };
  deb: Record<string, unknown> & { depends: string[] };
};

const config = load(readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as Config;
let validate: ValidateFunction;

beforeAll(() => {
  // app-builder-lib is electron-builder's own dependency: resolve it from there, as electron-builder does.
  const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
  const schemePath = fromBuilder.resolve('app-builder-lib/scheme.json');
  // As electron-builder compiles it (strict off: the schema uses a custom "typeof" keyword), minus
  // coerceTypes, so a string where a boolean belongs is an error here rather than silently converted.
  validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(schemePath, 'utf8')) as object);
});

const errorsOf = (candidate: unknown): string[] =>
  validate(candidate) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);

describe('electron-builder.yml and the schema', () => {
  it('validates against app-builder-lib/scheme.json', () => {
    expect(errorsOf(config)).toEqual([]);
  });

  it.each([
    ['a misspelt option', { ...config, asarUnpak: [] }],
    ['a string where a boolean belongs', { ...config, nsis: { ...config.nsis, perMachine: 'no' } }],
    ['an unknown mac target', { ...config, mac: { ...config.mac, target: ['dmgg'] } }],
  ])('would refuse %s (the check can fail)', (_label, broken) => {
    expect(errorsOf(broken)).not.toEqual([]);
  });
});

describe('the installers', () => {
  const resource = (file: string): string => path.join(repoRoot, config.directories.buildResources, file);

  it('are named after the app', () => {
    expect(config.appId).toBe('app.companion.desktop');
    expect(config['productName']).toBe('Companion');
    expect(config['artifactName']).toBe('${productName}-${version}-${os}-${arch}.${ext}');
  });

  it('are a dmg and a zip for both Mac architectures, hardened and notarized', () => {
    expect(config.mac.target).toEqual([
      { target: 'dmg', arch: ['arm64', 'x64'] },
      { target: 'zip', arch: ['arm64', 'x64'] },
    ]);
    expect(config.mac['hardenedRuntime']).toBe(true);
    expect(config.mac['notarize']).toBe(true);
    expect(existsSync(path.join(repoRoot, config.mac.entitlements))).toBe(true);
    expect(existsSync(path.join(repoRoot, config.mac.entitlementsInherit))).toBe(true);
    expect(existsSync(resource(config.mac.icon))).toBe(true);
  });

  it('are a per-user nsis installer on Windows, with a choice of folder and no elevation', () => {
    expect(config.win.target.map((target) => target.target)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowElevation: false,
      allowToChangeInstallationDirectory: true,
    });
    expect(config.nsis['deleteAppDataOnUninstall']).toBe(false);
    expect(existsSync(resource(config.win.icon))).toBe(true);
  });

  it('are an AppImage and a deb on Linux, with a desktop entry in the right menu', () => {
    expect(config.linux.target.map((target) => target.target)).toEqual(['AppImage', 'deb']);
    expect(config.linux['category']).toMatch(/^Network;/);
    expect(config.linux.desktop.entry).toMatchObject({ Name: 'Companion' });
    expect(config.deb.depends).toContain('libsecret-1-0');
    expect(existsSync(resource(config.linux.icon))).toBe(true);
  });

  it('ship only the bundles and package.json from the project itself', () => {
    expect(config.files.filter((pattern) => !pattern.startsWith('!'))).toEqual(['out/**', 'package.json']);
    expect(config['asar']).toEqual({ smartUnpack: false });
  });

  it('unpack the binaries of both native modules', () => {
    expect(config.asarUnpack).toEqual([
      '**/node_modules/better-sqlite3/prebuilds/*.node',
      '**/node_modules/sodium-native/prebuilds/*/*.node',
    ]);
    expect(config['npmRebuild']).toBe(false);
  });

  it('flip the fuses in afterPack, with a hook module that exports afterPack', async () => {
    const hook = (await import(path.join(repoRoot, config.afterPack))) as Record<string, unknown>;
    expect(typeof hook['afterPack']).toBe('function');
  });
});

describe('the macOS entitlements', () => {
  const entitlements = (file: string): ReturnType<typeof readEntitlements> =>
    readEntitlements(readFileSync(path.join(repoRoot, file), 'utf8'));

  it('give the app the associated domain of the RP ID in src-main/app/app-origin.ts', () => {
    expect(entitlements(config.mac.entitlements)['com.apple.developer.associated-domains']).toEqual([`webcredentials:${defaultRpId}`]);
    expect(entitlements(config.mac.entitlements)).toEqual(macAppEntitlements({ rpId: defaultRpId, appId: config.appId }));
  });

  it('get the application and team identifiers a release needs, written as a plist that reads back the same', () => {
    const forTeam = macAppEntitlements({ rpId: defaultRpId, appId: config.appId, teamId: 'ABCDE12345' });
    expect(forTeam).toMatchObject({
      'com.apple.application-identifier': 'ABCDE12345.app.companion.desktop',
      'com.apple.developer.team-identifier': 'ABCDE12345',
    });
    expect(readEntitlements(entitlementsPlist(forTeam))).toEqual(forTeam);
    expect(() => macAppEntitlements({ rpId: defaultRpId, appId: config.appId, teamId: 'abc' })).toThrow('APPLE_TEAM_ID');
  });

  it('allow the JIT and nothing that weakens the hardened runtime further', () => {
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit]) {
      const keys = Object.keys(entitlements(file));
      expect(keys, file).toContain('com.apple.security.cs.allow-jit');
      expect(
        keys.filter((key) => key.startsWith('com.apple.security.cs.') && key !== 'com.apple.security.cs.allow-jit'),
        file,
      ).toEqual([]);
    }
  });

  it('keep the associated domain off the helper processes', () => {
    expect(Object.keys(entitlements(config.mac.entitlementsInherit))).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('are read strictly (a malformed plist is an error, not an empty set)', () => {
    expect(() => readEntitlements('<plist version="1.0"><dict><key>a</key><integer>1</integer></dict></plist>')).toThrow(
      'Unexpected plist content',
    );
    expect(() => readEntitlements('<dict></dict>')).toThrow('Not an entitlements plist');
  });
});

describe('docs/releasing.md', () => {
  const doc = readFileSync(path.join(repoRoot, 'docs/releasing.md'), 'utf8');

  it('gives the apple-app-site-association file for this app id, on the RP ID domain', () => {
    const block = /### The apple-app-site-association file[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block, 'the JSON block under "The apple-app-site-association file"').toBeDefined();
    expect(JSON.parse(block ?? '')).toEqual({ webcredentials: { apps: [`<TEAM_ID>.${config.appId}`] } });
    expect(doc).toContain(`https://${defaultRpId}/.well-known/apple-app-site-association`);
  });
});
