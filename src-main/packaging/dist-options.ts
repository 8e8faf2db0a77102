// What `npm run dist` asks of electron-builder, worked out from the arguments and the environment
// without touching either, so it is tested as plain data.
import path from 'node:path';

export interface DistArgs {
  /** Only the unpacked app folder (electron-builder's `dir` target): fast, and what the smoke test runs. */
  readonly dirOnly: boolean;
  /** Where installers go; electron-builder.yml says dist/. */
  readonly outputDir: string | null;
  /**
   * Pack the bundles already in out/ instead of rebuilding them. For the packaging test, which must not
   * empty out/renderer under the browser tests that run beside it.
   */
  readonly useBuiltBundles: boolean;
}

export function parseDistArgs(argv: readonly string[]): DistArgs {
  let dirOnly = false;
  let outputDir: string | null = null;
  let useBuiltBundles = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dir') dirOnly = true;
    else if (arg === '--no-build') useBuiltBundles = true;
    else if (arg === '--output') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new Error('--output needs a folder.');
      outputDir = path.resolve(value);
    } else throw new Error(`Unknown argument ${String(arg)}. Usage: npm run dist -- [--dir] [--output DIR] [--no-build]`);
  }
  return { dirOnly, outputDir, useBuiltBundles };
}

type Env = Readonly<Record<string, string | undefined>>;

const set = (env: Env, name: string): boolean => (env[name] ?? '') !== '';

/** electron-builder's three ways to pass notarization credentials (mac.notarize in scheme.json). */
export function hasNotarizationCredentials(env: Env): boolean {
  return (
    (set(env, 'APPLE_API_KEY') && set(env, 'APPLE_API_KEY_ID') && set(env, 'APPLE_API_ISSUER')) ||
    (set(env, 'APPLE_ID') && set(env, 'APPLE_APP_SPECIFIC_PASSWORD') && set(env, 'APPLE_TEAM_ID')) ||
    (set(env, 'APPLE_KEYCHAIN') && set(env, 'APPLE_KEYCHAIN_PROFILE'))
  );
}

export const provisioningProfileEnvVar = 'COMPANION_MAC_PROVISIONING_PROFILE';
export const requireSigningEnvVar = 'COMPANION_REQUIRE_SIGNING';

export interface ReleaseCheck {
  /** Said before building; with COMPANION_REQUIRE_SIGNING=1 each one stops the build. */
  readonly problems: readonly string[];
  readonly strict: boolean;
}

/**
 * What an installer built here would lack. A local build may be unsigned; a release job sets
 * COMPANION_REQUIRE_SIGNING=1 so an unsigned or unnotarized installer can never be published by mistake.
 */
export function releaseCheck(env: Env, platform: NodeJS.Platform): ReleaseCheck {
  const problems: string[] = [];
  const canSign = set(env, 'CSC_LINK') || set(env, 'CSC_NAME');
  if (platform === 'darwin') {
    if (!canSign) problems.push('no signing identity (CSC_LINK or CSC_NAME): the app will be unsigned and Gatekeeper will refuse it');
    if (!hasNotarizationCredentials(env)) {
      problems.push('no notarization credentials (APPLE_API_KEY, APPLE_API_KEY_ID, APPLE_API_ISSUER): the app will not be notarized');
    }
    if (!set(env, 'APPLE_TEAM_ID')) {
      problems.push(
        'no APPLE_TEAM_ID: the app gets no application identifier, and macOS refuses passkeys without one (ASAuthorizationError 1004)',
      );
    }
    if (!set(env, provisioningProfileEnvVar)) {
      problems.push(
        `no ${provisioningProfileEnvVar}: macOS refuses the associated-domains entitlement without a provisioning profile, so passkeys will not work`,
      );
    }
  } else if (platform === 'win32' && !canSign && !set(env, 'AZURE_TENANT_ID')) {
    problems.push('no signing certificate (CSC_LINK) or Azure Trusted Signing: SmartScreen will warn about the installer');
  }
  return { problems, strict: env[requireSigningEnvVar] === '1' };
}

/**
 * Config merged over electron-builder.yml for this run (electron-builder deep-merges it).
 * macEntitlements is the plist written for this team (entitlements.ts), if any.
 */
export function distConfigOverrides(args: DistArgs, env: Env, macEntitlements: string | null = null): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  if (args.outputDir !== null) overrides['directories'] = { output: args.outputDir };
  const mac: Record<string, string> = {};
  const profile = env[provisioningProfileEnvVar];
  if (profile !== undefined && profile !== '') mac['provisioningProfile'] = path.resolve(profile);
  if (macEntitlements !== null) mac['entitlements'] = macEntitlements;
  if (Object.keys(mac).length > 0) overrides['mac'] = mac;
  return overrides;
}
