// Electron fuses: switches compiled into the Electron binary that no command-line flag or environment
// variable can turn back on. Flipped on the packaged binary by after-pack.ts, before signing (the
// signature covers the flipped bytes). Every fuse is set explicitly and strictlyRequireAllFuses is on,
// so an Electron upgrade that adds a fuse fails the build until someone decides its value here.
import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';

/** The decision per fuse, by name, so tests and docs/security.md read it without the enum. */
export const fuseSettings = {
  /** ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node interpreter. */
  RunAsNode: false,
  /** Cookies and other Chromium storage encrypted with the OS keystore key. */
  EnableCookieEncryption: true,
  /** NODE_OPTIONS could inject --require of any script into the main process. */
  EnableNodeOptionsEnvironmentVariable: false,
  /** --inspect and friends would let anyone who can start the app attach a debugger to main. */
  EnableNodeCliInspectArguments: false,
  /** The app refuses an app.asar whose hash does not match the one embedded at build time (macOS, Windows). */
  EnableEmbeddedAsarIntegrityValidation: true,
  /** Only resources/app.asar is loaded, never a loose resources/app folder planted next to it. */
  OnlyLoadAppFromAsar: true,
  /** The app ships no custom V8 snapshot. */
  LoadBrowserProcessSpecificV8Snapshot: false,
  /** file:// gets no more rights than in Chrome: the renderer is served from https://<rp id>, never file://. */
  GrantFileProtocolExtraPrivileges: false,
  /** Electron's default: V8's trap handler makes WebAssembly bounds checks cheap and safe. */
  WasmTrapHandlers: true,
} as const satisfies Record<keyof typeof FuseV1Options, boolean>;

export type FuseName = keyof typeof fuseSettings;

/**
 * The @electron/fuses config for one packaged binary. Flipping fuses changes the binary's bytes, which
 * invalidates the ad-hoc signature every arm64 macOS binary must carry; electron-builder re-signs
 * afterwards when an identity is configured, and the ad-hoc reset keeps an unsigned build launchable.
 */
export function fuseConfigFor(electronPlatformName: string, arch: string): FuseV1Config {
  const config: FuseV1Config<boolean> = {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    resetAdHocDarwinSignature: electronPlatformName === 'darwin' && arch === 'arm64',
    [FuseV1Options.RunAsNode]: fuseSettings.RunAsNode,
    [FuseV1Options.EnableCookieEncryption]: fuseSettings.EnableCookieEncryption,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: fuseSettings.EnableNodeOptionsEnvironmentVariable,
    [FuseV1Options.EnableNodeCliInspectArguments]: fuseSettings.EnableNodeCliInspectArguments,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: fuseSettings.EnableEmbeddedAsarIntegrityValidation,
    [FuseV1Options.OnlyLoadAppFromAsar]: fuseSettings.OnlyLoadAppFromAsar,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: fuseSettings.LoadBrowserProcessSpecificV8Snapshot,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: fuseSettings.GrantFileProtocolExtraPrivileges,
    [FuseV1Options.WasmTrapHandlers]: fuseSettings.WasmTrapHandlers,
  };
  return config;
}
