// Proves the process-boundary lint rules bite, by linting small probe files with the project's own
// ESLint config (type-aware parsing included). The probes are real files because typed linting only
// parses files that a tsconfig includes; typescript-eslint picks up a file created after start-up.
// Each probe has a per-process name and is always removed, so parallel runs do not collide.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const boundaryRules = new Set(['no-restricted-imports', 'no-restricted-globals', 'import-x/no-restricted-paths']);

const probes = {
  renderer: {
    dir: 'src-renderer',
    code: [
      "import { readFileSync } from 'node:fs';",
      "import { createLogger } from '../src-main/log.ts';",
      'export const probe = [readFileSync, createLogger, process.env];',
    ],
  },
  store: { dir: 'src-main/store', code: ["import { app } from 'electron';", 'export const probe = app;'] },
  shared: {
    dir: 'src-shared',
    code: [
      "import path from 'node:path';",
      "import { createLogger } from '../src-main/log.ts';",
      'export const probe = [path, createLogger];',
    ],
  },
  preload: {
    dir: 'src-preload',
    code: [
      "import { readFileSync } from 'node:fs';",
      "import { createLogger } from '../src-main/log.ts';",
      'export const probe = [readFileSync, createLogger];',
    ],
  },
  shell: { dir: 'src-main/app', code: ["import { app } from 'electron';", 'export const probe = app;'] },
} as const;
type ProbeName = keyof typeof probes;

const fileOf = (name: ProbeName): string => path.join(probes[name].dir, `__lint_probe_${process.pid}__.ts`);
const found = new Map<ProbeName, Array<{ rule: string | null; message: string }>>();

beforeAll(async () => {
  const names = Object.keys(probes) as ProbeName[];
  try {
    for (const name of names) writeFileSync(path.join(root, fileOf(name)), `${probes[name].code.join('\n')}\n`);
    const results = await new ESLint({ cwd: root }).lintFiles(names.map(fileOf));
    for (const name of names) {
      const result = results.find((entry) => entry.filePath === path.join(root, fileOf(name)));
      found.set(
        name,
        (result?.messages ?? []).map((message) => ({ rule: message.ruleId, message: message.message })),
      );
    }
  } finally {
    for (const name of names) rmSync(path.join(root, fileOf(name)), { force: true });
  }
}, 120_000);

afterAll(() => found.clear());

/** Boundary findings as "rule: the start of the message", for readable failures. */
function boundaryFindings(name: ProbeName): string[] {
  const messages = found.get(name);
  if (messages === undefined) throw new Error(`probe ${name} was not linted`);
  // A fatal parse error would hide every rule: fail loudly instead of passing on "no findings".
  expect(messages.filter((message) => message.rule === null)).toEqual([]);
  return messages.filter((message) => message.rule !== null && boundaryRules.has(message.rule)).map((m) => `${m.rule}: ${m.message}`);
}

describe('process boundaries (eslint.config.js)', () => {
  it('keeps Node and main-process code out of the renderer', () => {
    const findings = boundaryFindings('renderer');
    expect(findings).toContainEqual(expect.stringMatching(/^no-restricted-imports: 'node:fs' import is restricted/));
    expect(findings).toContainEqual(expect.stringMatching(/^import-x\/no-restricted-paths: .*talks to main only through the contract/));
    expect(findings).toContainEqual(expect.stringMatching(/^no-restricted-globals: Unexpected use of 'process'/));
  });

  it('keeps electron out of src-main outside src-main/app', () => {
    expect(boundaryFindings('store')).toEqual([
      "no-restricted-imports: 'electron' import is restricted from being used. Only src-main/app (the Electron shell) may import electron.",
    ]);
  });

  it('keeps src-shared free of Node and of every other process folder', () => {
    const findings = boundaryFindings('shared');
    expect(findings).toContainEqual(expect.stringMatching(/^no-restricted-imports: 'node:path' import is restricted/));
    expect(findings).toContainEqual(expect.stringMatching(/^import-x\/no-restricted-paths: .*src-shared is imported by every process/));
  });

  it('keeps Node and main-process code out of the sandboxed preload', () => {
    const findings = boundaryFindings('preload');
    expect(findings).toContainEqual(expect.stringMatching(/^no-restricted-imports: 'node:fs' import is restricted/));
    expect(findings).toContainEqual(expect.stringMatching(/^import-x\/no-restricted-paths: .*exposes the contract and nothing else/));
  });

  it('lets the Electron shell (src-main/app) import electron', () => {
    expect(boundaryFindings('shell')).toEqual([]);
  });
});
