// Finds Electron's binary the way node_modules/electron/index.js does, but without its side effect:
// requiring 'electron' from Node starts a download when the binary is missing, which hangs or fails
// on machines that installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1. Here a missing binary is an answer.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { errorCatalogue } from '../../src-shared/errors.ts';

export type ElectronLocation = { readonly ok: true; readonly binary: string } | { readonly ok: false; readonly reason: string };

/** The installed electron package's folder, or null when the package itself is not installed. */
export function electronPackageDir(fromUrl: string): string | null {
  try {
    return path.dirname(createRequire(fromUrl).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

function readPathTxt(packageDir: string): string | null {
  try {
    const relative = readFileSync(path.join(packageDir, 'path.txt'), 'utf8').trim();
    return relative === '' ? null : relative;
  } catch {
    return null;
  }
}

export function locateElectron(packageDir: string | null, env: Readonly<Record<string, string | undefined>>): ElectronLocation {
  if (packageDir === null) return { ok: false, reason: 'the electron package is not installed (node_modules/electron is missing)' };
  const relative = readPathTxt(packageDir);
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override !== undefined && override !== '') {
    const binary = path.join(override, relative ?? 'electron');
    return existsSync(binary) ? { ok: true, binary } : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no binary at ${binary}` };
  }
  if (relative === null) return { ok: false, reason: 'node_modules/electron/path.txt is missing: the binary was never downloaded' };
  const binary = path.join(packageDir, 'dist', relative);
  return existsSync(binary) ? { ok: true, binary } : { ok: false, reason: `the binary ${binary} does not exist` };
}

function missingLines(headline: string, reason: string): string[] {
  return [
    headline,
    `ELECTRON_MISSING: ${errorCatalogue.ELECTRON_MISSING.summary}`,
    `  Why: ${reason}.`,
    '',
    'To install it (downloads from github.com or the mirror in ELECTRON_MIRROR):',
    '  npx install-electron',
    '  or reinstall with ELECTRON_SKIP_BINARY_DOWNLOAD unset and electron allowed in package.json "allowScripts".',
  ];
}

export function electronMissingMessage(reason: string): string {
  return [
    ...missingLines('Companion cannot start the desktop app.', reason),
    '',
    'To use Companion without Electron, in your browser:',
    '  npm run web -- --profile DIR --demo',
  ].join('\n');
}

/** `npm run dist` packs Electron's own binary into every installer, so it cannot go on without it. */
export function distElectronMissingMessage(reason: string): string {
  return [
    ...missingLines("npm run dist cannot build installers: they are made from Electron's binary.", reason),
    '',
    'Nothing was built. Run npm run dist again once Electron is installed (see docs/releasing.md).',
  ].join('\n');
}
