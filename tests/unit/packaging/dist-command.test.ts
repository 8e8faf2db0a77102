import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { distElectronMissingMessage } from '../../../src-main/launch/electron-binary.ts';
import { repoRoot } from '../../helpers/profile.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'companion-dist-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function runDist(args: readonly string[]): ReturnType<typeof spawnSync> & { stderr: string } {
  // The override makes Electron missing on every machine, so this never builds an installer.
  return spawnSync(process.execPath, [path.join(repoRoot, 'src-main/launch/dist.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'no-electron-here') },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('npm run dist without Electron', () => {
  it('stops with ELECTRON_MISSING before building anything', () => {
    const output = path.join(dir, 'out');
    const result = runDist(['--dir', '--output', output]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ELECTRON_MISSING');
    expect(result.stderr).toContain('npm run dist cannot build installers');
    expect(result.stderr).toContain('ELECTRON_OVERRIDE_DIST_PATH has no binary');
    expect(existsSync(output)).toBe(false);
  });

  it('answers a usage mistake with exit code 2', () => {
    const result = runDist(['--linux']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Usage: npm run dist -- [--dir] [--output DIR] [--no-build]');
  });
});

describe('distElectronMissingMessage', () => {
  it('names the code, the reason and how to install Electron, and says nothing was built', () => {
    const message = distElectronMissingMessage('electron-builder could not download the Electron build it needs (ENOTFOUND)');
    expect(message).toContain('ELECTRON_MISSING');
    expect(message).toContain('ENOTFOUND');
    expect(message).toContain('npx install-electron');
    expect(message).toContain('Nothing was built');
    expect(message).not.toContain('npm run web');
  });
});
