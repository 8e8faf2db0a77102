import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FuseState, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyFuses, fuseMismatches, packagedBinaryPath } from '../../../src-main/packaging/after-pack.ts';
import { fuseConfigFor, fuseSettings, type FuseName } from '../../../src-main/packaging/fuses.ts';
import { electronDefaultWire, makeStandInElectron } from '../../packaging/helpers/stand-in-electron.ts';

describe('fuseSettings', () => {
  it('turns off every way to run the app as something else, and on every integrity check', () => {
    expect(fuseSettings).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
      WasmTrapHandlers: true,
    });
  });

  it('decides every fuse @electron/fuses knows', () => {
    const known = Object.keys(FuseV1Options).filter((key) => Number.isNaN(Number(key)));
    expect(Object.keys(fuseSettings).sort()).toEqual(known.sort());
  });
});

describe('fuseConfigFor', () => {
  it('sets each fuse by its wire index and requires all of them', () => {
    const config = fuseConfigFor('linux', 'x64') as unknown as Record<string, unknown>;
    expect(config['version']).toBe(FuseVersion.V1);
    expect(config['strictlyRequireAllFuses']).toBe(true);
    for (const name of Object.keys(fuseSettings) as FuseName[]) expect(config[FuseV1Options[name]], name).toBe(fuseSettings[name]);
  });

  it('re-signs ad hoc only for arm64 macOS, whose binaries must always carry a signature', () => {
    expect(fuseConfigFor('darwin', 'arm64').resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfigFor('darwin', 'x64').resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfigFor('linux', 'arm64').resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfigFor('win32', 'x64').resetAdHocDarwinSignature).toBe(false);
  });
});

describe('packagedBinaryPath', () => {
  it('names the binary as electron-builder lays it out', () => {
    expect(packagedBinaryPath('/o/linux-unpacked', 'linux', 'Companion', 'companion')).toBe(path.join('/o/linux-unpacked', 'companion'));
    expect(packagedBinaryPath('/o/win-unpacked', 'win32', 'Companion', 'Companion')).toBe(path.join('/o/win-unpacked', 'Companion.exe'));
    expect(packagedBinaryPath('/o/mac-arm64', 'darwin', 'Companion', 'Companion')).toBe(path.join('/o/mac-arm64', 'Companion.app'));
  });
});

describe('applyFuses on a binary with a fuse wire', () => {
  let dir: string;
  let binary: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'companion-fuses-'));
    binary = path.join(makeStandInElectron(dir), 'electron');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("starts from Electron's defaults, which differ from ours", async () => {
    expect(fuseMismatches(await getCurrentFuseWire(binary)).length).toBeGreaterThan(0);
    expect(readFileSync(binary).includes(Buffer.from(electronDefaultWire))).toBe(true);
  });

  it('flips every fuse and verifies them', async () => {
    await applyFuses(binary, 'linux', 'x64');
    const wire = await getCurrentFuseWire(binary);
    expect(fuseMismatches(wire)).toEqual([]);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
  });

  it('fails on a binary without a fuse wire instead of shipping it unfused', async () => {
    const plain = path.join(dir, 'plain');
    writeFileSync(plain, '#!/bin/sh\n');
    await expect(applyFuses(plain, 'linux', 'x64')).rejects.toThrow(/sentinel/);
  });

  it('fails when the binary has a fuse this config does not decide (a newer Electron)', async () => {
    const longer = path.join(dir, 'longer');
    copyFileSync(binary, longer);
    const bytes = readFileSync(longer);
    const at = bytes.indexOf(Buffer.from(electronDefaultWire));
    bytes[at - 1] = electronDefaultWire.length + 1; // the wire's length byte
    bytes[at + electronDefaultWire.length] = 0x31;
    writeFileSync(longer, bytes);
    await expect(applyFuses(longer, 'linux', 'x64')).rejects.toThrow(/strictlyRequireAllFuses/);
  });

  it('reports each fuse that did not take', () => {
    const wire: Record<number, number> = {};
    for (const name of Object.keys(fuseSettings) as FuseName[])
      wire[FuseV1Options[name]] = fuseSettings[name] ? FuseState.ENABLE : FuseState.DISABLE;
    wire[FuseV1Options.RunAsNode] = FuseState.ENABLE;
    delete wire[FuseV1Options.WasmTrapHandlers];
    expect(fuseMismatches(wire)).toEqual(['RunAsNode', 'WasmTrapHandlers']);
  });
});
