// `npm start`: builds the app with electron-vite, then launches Electron on it. When Electron's
// binary is not installed, says so (ELECTRON_MISSING) and how to continue, instead of a stack trace.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildBundles } from './build-bundles.ts';
import { electronMissingMessage, electronPackageDir, locateElectron } from './electron-binary.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

const electron = locateElectron(electronPackageDir(import.meta.url), process.env);
if (!electron.ok) {
  console.error(electronMissingMessage(electron.reason));
  process.exit(1);
}

if (!buildBundles(root)) {
  console.error('The build failed; Electron was not started.');
  process.exit(1);
}

// ELECTRON_RUN_AS_NODE inherited from a parent tool would start a bare Node instead of the app.
const env = { ...process.env };
delete env['ELECTRON_RUN_AS_NODE'];
const child = spawn(electron.binary, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('close', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
