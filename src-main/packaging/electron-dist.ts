// Which Electron build electron-builder packs. The one npm installed (node_modules/electron/dist, or
// ELECTRON_OVERRIDE_DIST_PATH) is used for the host's own platform and arch, so a release machine that
// installed Electron does not download it a second time. Any other platform or arch (the x64 build
// on an arm64 Mac) returns null, which makes electron-builder download the matching zip itself.
import path from 'node:path';

export interface ElectronDistRequest {
  readonly platformName: string;
  readonly arch: string;
}

export function electronDistFor(installedBinary: string, host: ElectronDistRequest, request: ElectronDistRequest): string | null {
  if (request.platformName !== host.platformName || request.arch !== host.arch) return null;
  // On macOS the binary is Electron.app/Contents/MacOS/Electron and electronDist is the folder
  // holding Electron.app; elsewhere the binary sits directly in that folder.
  const distDir = path.dirname(installedBinary);
  return host.platformName === 'darwin' ? path.resolve(distDir, '..', '..', '..') : distDir;
}
