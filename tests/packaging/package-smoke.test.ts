// Packs the app for Linux with electron-builder's `dir` target (npm run dist -- --dir) around a
// stand-in Electron, then checks what would ship: the asar's contents, the unpacked native binaries,
// that every package the main bundle loads resolves (and the native ones load) from the packaged
// node_modules alone, and that the afterPack hook flipped the fuses. Electron itself never runs here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractAll, listPackage, statFile } from '@electron/asar';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuseSettings, type FuseName } from '../../src-main/packaging/fuses.ts';
import { repoRoot } from '../helpers/profile.ts';
import { bareImports, packageNameOf } from './helpers/bare-imports.ts';
import { packLinuxDir, type PackedLinuxApp } from './helpers/pack-linux-dir.ts';

const nativeBinaries = [
  'node_modules/better-sqlite3/prebuilds/linux-x64.node',
  'node_modules/sodium-native/prebuilds/linux-x64/sodium-native.node',
];

let work: string;
let packed: PackedLinuxApp;
let asarPath: string;
let entries: string[];
let extracted: string;

beforeAll(() => {
  // Installers are built on the OS they are for; this one packs the Linux build, which CI runs.
  expect(process.platform, 'the packaging smoke test packs the Linux x64 build').toBe('linux');
  expect(process.arch).toBe('x64');
  work = mkdtempSync(path.join(tmpdir(), 'companion-pack-'));
  packed = packLinuxDir(work);
  console.info(`packaging smoke test: npm run dist -- --dir took ${packed.seconds.toFixed(1)} s`);
  asarPath = path.join(packed.resources, 'app.asar');
  entries = listPackage(asarPath, { isPack: false }).map((entry) => entry.split(path.sep).join('/'));
  extracted = path.join(work, 'extracted');
  extractAll(asarPath, extracted);
}, 300_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

describe('app.asar', () => {
  it('holds the main, preload and renderer bundles and package.json', () => {
    for (const file of [
      '/out/main/index.js',
      '/out/main/job-worker.js',
      '/out/main/hash-worker.js',
      '/out/preload/preload.cjs',
      '/out/renderer/index.html',
      '/package.json',
    ]) {
      expect(entries, file).toContain(file);
    }
    expect(entries.some((entry) => /^\/out\/renderer\/assets\/index-[\w-]+\.js$/.test(entry))).toBe(true);
  });

  it('holds nothing from the sources, tests, docs or build resources', () => {
    const outsideNodeModules = entries.filter((entry) => !entry.startsWith('/node_modules'));
    expect(outsideNodeModules.filter((entry) => !/^\/(out(\/|$)|package\.json$)/.test(entry))).toEqual([]);
    expect(outsideNodeModules.filter((entry) => entry.endsWith('.ts') || entry.endsWith('.tsx'))).toEqual([]);
  });

  it('ships no devDependencies', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const shipped = new Set(
      entries.filter((entry) => entry.startsWith('/node_modules/')).map((entry) => packageNameOf(entry.split('/').slice(2).join('/'))),
    );
    expect(Object.keys(manifest.devDependencies).filter((name) => shipped.has(name))).toEqual([]);
    expect(shipped.has('better-sqlite3') && shipped.has('sodium-native')).toBe(true);
  });

  it("leaves out what the native modules carry only to be compiled, and other platforms' prebuilds", () => {
    expect(
      entries.filter((entry) => /better-sqlite3\/(deps|src|build)\/|binding\.gyp$|sodium-native\/(extensions\/|binding\.cc$)/.test(entry)),
    ).toEqual([]);
    // No other native binary anywhere: not another platform's prebuild, not a locally compiled build/Release.
    expect(entries.filter((entry) => /\.(node|bare)$/.test(entry))).toEqual(nativeBinaries.map((file) => `/${file}`).sort());
  });
});

describe('app.asar.unpacked', () => {
  it('holds exactly the native binaries, which the asar marks as unpacked', () => {
    expect(filesUnder(path.join(packed.resources, 'app.asar.unpacked'))).toEqual([...nativeBinaries].sort());
    for (const file of nativeBinaries) expect(statFile(asarPath, file), file).toMatchObject({ unpacked: true });
  });

  it("keeps the native modules' JavaScript in app.asar, under its integrity check", () => {
    expect(entries).toContain('/node_modules/better-sqlite3/lib/index.js');
    expect(entries).toContain('/node_modules/sodium-native/binding.js');
    expect(statFile(asarPath, 'node_modules/sodium-native/binding.js')).not.toHaveProperty('unpacked', true);
  });
});

describe("the main bundle's runtime requires", () => {
  const mainDir = (): string => path.join(extracted, 'out', 'main');
  const specifiers = (): string[] => [
    ...new Set(
      readdirSync(mainDir())
        .filter((name) => name.endsWith('.js'))
        .flatMap((name) => bareImports(readFileSync(path.join(mainDir(), name), 'utf8'))),
    ),
  ];

  it('are found in the bundles (the parser sees them)', () => {
    expect(specifiers()).toEqual(expect.arrayContaining(['better-sqlite3', 'yauzl', 'zod']));
  });

  it('resolve inside the packaged node_modules and load there, native modules included', () => {
    const probe = path.join(mainDir(), 'resolve-probe.mjs');
    // Runs from out/main of the extracted app, so Node resolves exactly as the main bundle would;
    // the sodium-native check stands in for the backup engine, which will import it from main.
    writeFileSync(
      probe,
      `const specifiers = ${JSON.stringify([...specifiers(), 'sodium-native'])};
const resolved = {};
for (const specifier of specifiers) { resolved[specifier] = import.meta.resolve(specifier); await import(specifier); }
const { default: Database } = await import('better-sqlite3');
const { default: sodium } = await import('sodium-native');
const db = new Database(':memory:');
const hash = Buffer.alloc(32);
sodium.crypto_generichash(hash, Buffer.from('companion'));
console.log(JSON.stringify({ resolved, sqlite: db.prepare('select sqlite_version() as v').get().v, hash: hash.toString('hex') }));`,
    );
    const run = spawnSync(process.execPath, [probe], { cwd: work, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { resolved: Record<string, string>; sqlite: string; hash: string };
    const inside = pathToFileURL(path.join(extracted, 'node_modules')).href + '/';
    for (const [specifier, url] of Object.entries(result.resolved))
      expect(url, specifier).toMatch(new RegExp(`^${inside.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(result.sqlite).toMatch(/^3\.\d+\.\d+$/);
    expect(result.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the packaged renderer', () => {
  it('needs nothing its CSP forbids: no inline script or style, nothing remote', () => {
    const html = readFileSync(path.join(extracted, 'out', 'renderer', 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes = '', body = ''] of scripts) {
      expect(attributes).toMatch(/\bsrc="\.\/assets\/[^"]+\.js"/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=|https?:\/\//i);
  });
});

describe('the packaged Electron binary', () => {
  it('has every fuse as fuses.ts sets it (flipped by the afterPack hook)', async () => {
    const wire = await getCurrentFuseWire(path.join(packed.appOutDir, 'companion'));
    for (const name of Object.keys(fuseSettings) as FuseName[]) {
      expect(wire[FuseV1Options[name]], name).toBe(fuseSettings[name] ? FuseState.ENABLE : FuseState.DISABLE);
    }
    expect(packed.log).toContain('fuses flipped and verified');
  });

  it('was packed within the time budget', () => {
    expect(packed.seconds).toBeLessThan(120);
  });
});
