// A stand-in for Electron's Linux build, for packaging tests on a machine that cannot download
// Electron: the files electron-builder copies, and an "executable" that carries a fuse wire laid out
// as in Electron's binary (sentinel, version 1, length, one byte per fuse), so the afterPack hook
// flips and verifies real bytes. It cannot run: nothing here launches Electron.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The marker @electron/fuses searches for (its constants.js; the package entry does not export it). */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** Electron's defaults for the nine V1 fuses ('1' on, '0' off), in FuseV1Options order. */
export const electronDefaultWire = '101100011';

export function makeStandInElectron(dir: string): string {
  mkdirSync(path.join(dir, 'locales'), { recursive: true });
  mkdirSync(path.join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, electronDefaultWire.length]), Buffer.from(electronDefaultWire)]);
  const binary = path.join(dir, 'electron');
  writeFileSync(
    binary,
    Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in for Electron: cannot run"; exit 1\n# '), wire, Buffer.from('\n')]),
  );
  chmodSync(binary, 0o755);
  writeFileSync(path.join(dir, 'LICENSE'), 'Stand-in for the Electron license file.\n');
  writeFileSync(path.join(dir, 'locales', 'en-US.pak'), 'stand-in');
  return dir;
}
