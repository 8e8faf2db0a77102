// The macOS native passkey bridge: electron-webauthn (AuthenticationServices) in the main process,
// because Electron's own authenticators on macOS return no PRF output. Everything but the module and
// the window handle lives in src-main/passkeys/native-bridge.ts, where it is tested on any platform.
import type { BrowserWindow } from 'electron';
import type * as ElectronWebAuthn from 'electron-webauthn';
import { createNativeBridge, type NativePasskeyBridge, type NativeWebAuthn } from '../passkeys/native-bridge.ts';

// Not a literal import: the package is installed only for the macOS build (docs/passkeys.md), and the
// bundler must not try to resolve it elsewhere.
const moduleName = 'electron-webauthn';

async function loadElectronWebAuthn(): Promise<NativeWebAuthn | null> {
  try {
    const loaded = (await import(moduleName)) as typeof ElectronWebAuthn;
    // Type-checks the package's signatures against what the bridge calls.
    const native: NativeWebAuthn = { createCredential: loaded.createCredential, getCredential: loaded.getCredential };
    return native;
  } catch {
    return null;
  }
}

export function macosPasskeyBridge(getWindow: () => BrowserWindow | null, appOrigin: string): NativePasskeyBridge {
  let cached: Promise<NativeWebAuthn | null> | null = null;
  return createNativeBridge(
    () => (cached ??= loadElectronWebAuthn()),
    () => {
      const win = getWindow();
      // The sheet attaches to the app window; the renderer runs at exactly the app origin.
      return win === null ? null : { currentOrigin: appOrigin, topFrameOrigin: undefined, nativeWindowHandle: win.getNativeWindowHandle() };
    },
  );
}
