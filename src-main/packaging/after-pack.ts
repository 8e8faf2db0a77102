// electron-builder's afterPack hook (electron-builder.yml): flips the fuses on the packaged Electron
// binary, then reads them back. It runs after the app is copied in and before signing. There is no
// skip: a binary without a fuse wire fails the build, so an unfused installer can never be produced.
import path from 'node:path';
import { flipFuses, getCurrentFuseWire, FuseState, FuseV1Options } from '@electron/fuses';
import type { AfterPackContext } from 'electron-builder';
import { createLogger } from '../log.ts';
import { fuseConfigFor, fuseSettings, type FuseName } from './fuses.ts';

const log = createLogger('packaging/fuses');

/** Where electron-builder put the app's executable (the .app bundle on macOS; fuses finds the framework). */
export function packagedBinaryPath(
  appOutDir: string,
  electronPlatformName: string,
  productFilename: string,
  executableName: string,
): string {
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${productFilename}.exe`);
    default:
      return path.join(appOutDir, executableName);
  }
}

/** Fuses whose state in the binary differs from fuseSettings (after flipping: must be none). */
export function fuseMismatches(wire: { readonly [fuse: number]: unknown }): FuseName[] {
  return (Object.keys(fuseSettings) as FuseName[]).filter((name) => {
    const wanted = fuseSettings[name] ? FuseState.ENABLE : FuseState.DISABLE;
    return wire[FuseV1Options[name]] !== wanted;
  });
}

export async function applyFuses(binary: string, electronPlatformName: string, arch: string): Promise<void> {
  await flipFuses(binary, fuseConfigFor(electronPlatformName, arch));
  const wrong = fuseMismatches(await getCurrentFuseWire(binary));
  if (wrong.length > 0) throw new Error(`Fuses did not take on ${binary}: ${wrong.join(', ')}`);
  log.info('fuses flipped and verified', { binary: path.basename(binary), platform: electronPlatformName, arch });
}

// electron-builder's Arch enum (builder-util) is numeric; @electron/fuses and the logs want names.
const archNames: Readonly<Record<number, string>> = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' };

/** electron-builder loads this module by path and calls its `afterPack` export. */
export async function afterPack(context: AfterPackContext): Promise<void> {
  const { packager } = context;
  // LinuxPackager has executableName; the others are named after the product.
  const executableName = (packager as { executableName?: string }).executableName ?? packager.appInfo.productFilename;
  const binary = packagedBinaryPath(context.appOutDir, context.electronPlatformName, packager.appInfo.productFilename, executableName);
  await applyFuses(binary, context.electronPlatformName, archNames[context.arch] ?? String(context.arch));
}
