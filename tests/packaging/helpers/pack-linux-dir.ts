// Runs `npm run dist -- --dir --no-build` for Linux exactly as a person would, with the stand-in Electron
// (ELECTRON_OVERRIDE_DIST_PATH, honoured like the electron package does) and a private output folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildBundles } from '../../../src-main/launch/build-bundles.ts';
import { repoRoot } from '../../helpers/profile.ts';
import { makeStandInElectron } from './stand-in-electron.ts';

export interface PackedLinuxApp {
  readonly appOutDir: string;
  readonly resources: string;
  readonly seconds: number;
  readonly log: string;
}

/**
 * Packs the bundles in out/ (built by npm test before vitest, or here when missing) without rebuilding
 * them: a rebuild would empty out/renderer under the browser tests that run at the same time.
 */
export function packLinuxDir(workDir: string): PackedLinuxApp {
  if (!existsSync(path.join(repoRoot, 'out', 'main', 'index.js')) && !buildBundles(repoRoot)) throw new Error('npm run build failed');
  const standIn = makeStandInElectron(path.join(workDir, 'electron-dist'));
  const output = path.join(workDir, 'dist');
  mkdirSync(output, { recursive: true });
  const started = performance.now();
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'src-main/launch/dist.ts'), '--dir', '--no-build', '--output', output], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: standIn, COMPANION_LOG: '', CI: 'true' },
    timeout: 240_000,
  });
  const log = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0) throw new Error(`npm run dist -- --dir failed (${String(result.status ?? result.signal)}):\n${log}`);
  const appOutDir = path.join(output, 'linux-unpacked');
  return { appOutDir, resources: path.join(appOutDir, 'resources'), seconds: (performance.now() - started) / 1000, log };
}
