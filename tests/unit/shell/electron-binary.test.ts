import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  electronMissingMessage,
  electronPackageDir,
  locateElectron,
  type ElectronLocation,
} from '../../../src-main/launch/electron-binary.ts';

function reasonOf(location: ElectronLocation): string {
  if (location.ok) throw new Error(`expected a missing binary, found ${location.binary}`);
  return location.reason;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'companion-electron-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('locateElectron', () => {
  it('reports a package installed without its binary (ELECTRON_SKIP_BINARY_DOWNLOAD)', () => {
    expect(reasonOf(locateElectron(dir, {}))).toContain('path.txt is missing');
  });

  it('reports a path.txt that points at a missing binary', () => {
    writeFileSync(path.join(dir, 'path.txt'), 'electron');
    expect(reasonOf(locateElectron(dir, {}))).toContain('does not exist');
  });

  it('reports a missing electron package', () => {
    expect(reasonOf(locateElectron(null, {}))).toContain('not installed');
  });

  it('finds an installed binary', () => {
    writeFileSync(path.join(dir, 'path.txt'), 'electron');
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(path.join(dir, 'dist', 'electron'), '');
    expect(locateElectron(dir, {})).toEqual({ ok: true, binary: path.join(dir, 'dist', 'electron') });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package does', () => {
    writeFileSync(path.join(dir, 'electron'), '');
    expect(locateElectron(dir, { ELECTRON_OVERRIDE_DIST_PATH: dir })).toEqual({ ok: true, binary: path.join(dir, 'electron') });
    expect(locateElectron(dir, { ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'nowhere') }).ok).toBe(false);
  });

  it('resolves the real electron package without requiring it (which would start a download)', () => {
    const packageDir = electronPackageDir(import.meta.url);
    expect(packageDir).not.toBeNull();
    expect(path.basename(packageDir ?? '')).toBe('electron');
  });
});

describe('electronMissingMessage', () => {
  const message = electronMissingMessage('node_modules/electron/path.txt is missing');

  it('names the code and the reason', () => {
    expect(message).toContain('ELECTRON_MISSING');
    expect(message).toContain("Electron's binary is not installed on this machine");
    expect(message).toContain('path.txt is missing');
  });

  it('says how to install Electron and how to use the browser host instead', () => {
    expect(message).toContain('npx install-electron');
    expect(message).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
    expect(message).toContain('npm run web -- --profile DIR --demo');
  });
});

describe('npm start without Electron', () => {
  it('prints ELECTRON_MISSING and exits non-zero, launching nothing', () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    // The override makes the binary missing on every machine, so this test can never start Electron.
    const result = spawnSync(process.execPath, [path.join(root, 'src-main/launch/start.ts')], {
      cwd: root,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'no-electron-here') },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ELECTRON_MISSING');
    expect(result.stderr).toContain('npm run web -- --profile DIR --demo');
  });
});
