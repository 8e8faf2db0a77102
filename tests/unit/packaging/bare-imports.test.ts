import { describe, expect, it } from 'vitest';
import { bareImports, packageNameOf } from '../../packaging/helpers/bare-imports.ts';

describe('bareImports', () => {
  it('finds static, side-effect, dynamic, re-export and require() specifiers', () => {
    const bundle = [
      'import Database from "better-sqlite3";',
      'import { z as zod,\n  ZodError } from "zod";',
      'import "yauzl";',
      'const ws = await import("ws");',
      'export { thing } from "@scope/pkg/sub";',
      'const s = require("sodium-native");',
    ].join('\n');
    expect(bareImports(bundle)).toEqual(['@scope/pkg/sub', 'better-sqlite3', 'sodium-native', 'ws', 'yauzl', 'zod']);
  });

  it('leaves out relative paths, Node built-ins and what Electron provides', () => {
    const bundle = 'import a from "./open-store-x.js"; import fs from "node:fs"; import p from "path"; import { app } from "electron";';
    expect(bareImports(bundle)).toEqual([]);
  });

  it('names the package of a deep or scoped specifier', () => {
    expect(packageNameOf('zod/v4')).toBe('zod');
    expect(packageNameOf('@electron/asar/lib/asar.js')).toBe('@electron/asar');
  });
});
