// `npm run dist [-- --dir] [--output DIR] [--no-build]`: builds the bundles, then the installers for
// this OS with electron-builder (electron-builder.yml). Without Electron's binary, or when electron-builder cannot
// download the Electron build it needs, it stops with ELECTRON_MISSING and says what to do.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { electronDistFor, type ElectronDistRequest } from '../packaging/electron-dist.ts';
import { classifyDistFailure, firstLineOf } from '../packaging/dist-failure.ts';
import { distConfigOverrides, parseDistArgs, releaseCheck, type DistArgs } from '../packaging/dist-options.ts';
import { buildBundles } from './build-bundles.ts';
import { writeMacEntitlements } from './mac-entitlements-file.ts';
import { distElectronMissingMessage, electronPackageDir, locateElectron } from './electron-binary.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
// electron-builder resolves the afterPack hook path (electron-builder.yml) against the working directory.
process.chdir(root);

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let args: DistArgs;
try {
  args = parseDistArgs(process.argv.slice(2));
} catch (error) {
  fail(firstLineOf(error), 2);
}

const electron = locateElectron(electronPackageDir(import.meta.url), process.env);
if (!electron.ok) fail(distElectronMissingMessage(electron.reason));
const installedBinary = electron.binary;

const check = releaseCheck(process.env, process.platform);
for (const problem of check.problems) console.error(`${check.strict ? 'error' : 'warning'}: ${problem}`);
if (check.strict && check.problems.length > 0) fail('COMPANION_REQUIRE_SIGNING=1: not building an installer that would ship like this.');

if (args.useBuiltBundles) {
  if (!existsSync(path.join(root, 'out', 'main', 'index.js'))) fail('--no-build: out/ has no bundles; run npm run build first.');
} else if (!buildBundles(root)) fail('The build failed; no installer was made.');

// A Mac release needs the team's application identifier next to the associated domain.
const teamId = process.env['APPLE_TEAM_ID'] ?? '';
const macEntitlements = process.platform === 'darwin' && teamId !== '' ? writeMacEntitlements(root, teamId) : null;

// Loaded only now: it takes a second, which a usage mistake or a missing Electron should not wait for.
const { build, Platform } = (await import('electron-builder')).default;
const host = { platformName: process.platform, arch: process.arch };
// Set while electron-builder fetches an Electron build, so a network failure then is ELECTRON_MISSING.
let electronDownloadPending = false;
const pickElectron = (request: ElectronDistRequest): string | null => {
  const dist = electronDistFor(installedBinary, host, request);
  electronDownloadPending = dist === null;
  return dist;
};
try {
  await build({
    projectDir: root,
    targets: Platform.current().createTarget(args.dirOnly ? 'dir' : null),
    publish: 'never',
    config: {
      ...distConfigOverrides(args, process.env, macEntitlements),
      // electron-builder downloads Electron when this returns null (ElectronFramework's unpack), though
      // its type only says string.
      electronDist: pickElectron as (request: ElectronDistRequest) => string,
      afterExtract: () => {
        electronDownloadPending = false;
      },
    },
  });
} catch (error) {
  const failure = classifyDistFailure(error, electronDownloadPending);
  if (failure === 'electron-download') {
    fail(distElectronMissingMessage(`electron-builder could not download the Electron build it needs (${firstLineOf(error)})`));
  }
  if (failure === 'tool-download') {
    fail(
      `electron-builder could not download its packaging tools (${firstLineOf(error)}). It fetches them from github.com on ` +
        'first use (or ELECTRON_BUILDER_BINARIES_MIRROR) and caches them; npm run dist -- --dir needs none.',
    );
  }
  fail(`electron-builder failed: ${firstLineOf(error)}`);
}
