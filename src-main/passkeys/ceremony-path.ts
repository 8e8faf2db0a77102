// Where WebAuthn ceremonies run, decided in this one place. Electron's built-in authenticators on
// macOS return no PRF output, so there the main process runs them through AuthenticationServices
// (electron-webauthn); everywhere else the renderer's navigator.credentials does (Windows Hello on
// Windows 11, security keys and phones on Linux, the browser's own authenticators in the browser host).
import type { HostServices } from '../services/app-context.ts';

export type CeremonyPath = 'renderer-webauthn' | 'native-macos';

export function ceremonyPath(platform: NodeJS.Platform, host: HostServices['kind']): CeremonyPath {
  return platform === 'darwin' && host === 'electron' ? 'native-macos' : 'renderer-webauthn';
}
